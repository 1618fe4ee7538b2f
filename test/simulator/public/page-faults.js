/** Fills the V8 heap until the renderer dies "out of memory", the way a real leak ends. */
export function crash() {
  const hoard = [];
  for (;;) hoard.push(new Array(2 ** 24).fill(0.5));
}

/** Spins the main thread forever: the page stops painting and answering. */
export function hang() {
  for (;;) {
    // Nothing: the point is never to return.
  }
}
