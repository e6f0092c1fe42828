/**
 * The indexes of the `k` highest `scores` (descending; ties by lower index), skipping indexes
 * for which `skip(i)` is true. A bounded min-heap: O(n log k), no full sort. Pure.
 *
 * ```ts
 * topK(Float32Array.of(0.1, 0.9, 0.5, 0.7), 2); // Int32Array [1, 3]
 * topK(scores, 300, (i) => seen.has(i));
 * ```
 */
export function topK(scores: ArrayLike<number>, k: number, skip?: (index: number) => boolean): Int32Array {
  const heap = new Int32Array(Math.max(0, k));
  let size = 0;
  // Min-heap on (score, -index): the root is the weakest kept entry.
  const weaker = (a: number, b: number) => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    return sa < sb || (sa === sb && a > b);
  };
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < size && weaker(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < size && weaker(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      const t = heap[i]!;
      heap[i] = heap[smallest]!;
      heap[smallest] = t;
      i = smallest;
    }
  };
  if (k <= 0) return heap;
  for (let index = 0; index < scores.length; index++) {
    const score = scores[index]!;
    // The cheap score test first: `skip` (set lookups, catalog filters) runs only for items that would enter the heap.
    if (Number.isNaN(score) || (size === k && !weaker(heap[0]!, index)) || (skip !== undefined && skip(index))) continue;
    if (size < k) {
      let i = size++;
      heap[i] = index;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!weaker(heap[i]!, heap[parent]!)) break;
        const t = heap[i]!;
        heap[i] = heap[parent]!;
        heap[parent] = t;
        i = parent;
      }
    } else {
      heap[0] = index;
      siftDown(0);
    }
  }
  const result = Array.from(heap.subarray(0, size));
  result.sort((a, b) => (scores[b]! - scores[a]!) || a - b);
  return Int32Array.from(result);
}
