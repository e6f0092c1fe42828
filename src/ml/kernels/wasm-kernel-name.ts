/**
 * The kernels {@link registerWasmKernels} adds to (or replaces in) the wasm
 * backend, in registration order: the two wasm lacks for training first, then
 * faster replacements for slow stock kernels.
 *
 * @example
 * ```ts
 * const overrides = WASM_KERNEL_NAMES.filter((name) => name !== 'UnsortedSegmentSum')
 * ```
 */
export const WASM_KERNEL_NAMES = [
  'UnsortedSegmentSum',
  'Conv2DBackpropFilter',
  'GatherV2',
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'BatchMatMul',
] as const;

/**
 * A kernel that {@link registerWasmKernels} adds to (or replaces in) the wasm
 * backend.
 *
 * @example
 * ```ts
 * const required: WasmKernelName[] = ['UnsortedSegmentSum', 'Conv2DBackpropFilter']
 * ```
 */
export type WasmKernelName = (typeof WASM_KERNEL_NAMES)[number];
