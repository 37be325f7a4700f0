// Reference inputs of keras-semantics.md §7, for the tests.

/** M of §7: sum|M| = 13.6 and sum M² = 14.96. */
export const M = [
  [0.1, -0.2, 0.3, -0.4],
  [0.5, 0.6, -0.7, 0.8],
  [-0.9, 1, 1.1, -1.2],
  [1.3, -1.4, 1.5, 1.6],
];

/** X of §7, whose rows and columns differ in length, with a zero-free first row. */
export const X = [
  [1, 1, 1, 1],
  [2, 0, 0, 0],
  [0, 0, 3, 1],
];
