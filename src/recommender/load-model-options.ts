/**
 * Options of {@link loadRecommenderModel} and {@link loadActiveModel}.
 *
 * ```ts
 * const options: LoadModelOptions = { modelsDir: config.MODELS_DIR };
 * ```
 */
export interface LoadModelOptions {
  /** Artifacts are cached under `<modelsDir>/cache/<id>/`. Default `./models`. Set `cache: false` to skip. */
  readonly modelsDir?: string;
  readonly cache?: boolean;
}
