/**
 * A kernel that {@link registerWasmKernels} adds to (or replaces in) the wasm
 * backend.
 *
 * @example
 * ```ts
 * const required: WasmKernelName[] = ['UnsortedSegmentSum', 'Conv2DBackpropFilter']
 * ```
 */
export type WasmKernelName = 'UnsortedSegmentSum' | 'Conv2DBackpropFilter' | 'BatchMatMul';
