// Plain-loop reference formulas for the KLSparsity tests.

/** `KL(rho || q)` for Bernoulli distributions, in plain JavaScript. */
export function bernoulliKL(rho: number, q: number): number {
  return rho * Math.log(rho / q) + (1 - rho) * Math.log((1 - rho) / (1 - q));
}

/**
 * The documented KLSparsity penalty of a batch `[n, units]`, in plain loops: `beta * sum_j
 * KL(rho || mean_j)`, with each mean clipped to [1e-6, 1 - 1e-6]. This is the standard
 * sparse-autoencoder scale, the one the training loss should see.
 */
export function standardKLPenalty(activations: number[][], rho: number, beta: number): number {
  const units = activations[0]?.length ?? 0;
  let total = 0;
  for (let j = 0; j < units; j++) {
    let sum = 0;
    for (const row of activations) sum += row[j] ?? Number.NaN;
    const mean = Math.min(Math.max(sum / activations.length, 1e-6), 1 - 1e-6);
    total += bernoulliKL(rho, mean);
  }
  return beta * total;
}
