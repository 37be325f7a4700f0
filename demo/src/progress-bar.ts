import { Presets, SingleBar } from 'cli-progress';
import { formatNumber } from './format-number.js';
import type { EpochRecord } from './train-run.js';

/** The progress of one training run. */
export interface RunProgress {
  update(record: EpochRecord): void;
  stop(): void;
}

/**
 * A progress bar for one run, on stderr: epoch, the training objective (the data loss plus every
 * penalty), its penalty part (`fit`'s `regularization_loss`), the validation loss with the
 * penalty (`fit`'s `val_loss`, as Keras computes it), and the time left. On a terminal it redraws
 * in place; in a log (CI), it prints a line every few seconds instead.
 */
export function startProgress(label: string, epochs: number): RunProgress {
  const bar = new SingleBar(
    {
      format:
        '{label} {bar} epoch {value}/{total} | loss + penalty {loss} | regularization_loss {regularization_loss} | val loss + penalty {val_loss} | {eta_formatted} left',
      barsize: 24,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 3000,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  bar.start(epochs, 0, { label, loss: '-', regularization_loss: '-', val_loss: '-' });
  return {
    update(record) {
      bar.update(record.epoch, {
        loss: formatNumber(record.loss, 4),
        regularization_loss: formatNumber(record.regularizationLoss, 4),
        val_loss: formatNumber(record.valLossWithPenalty, 4),
      });
    },
    stop() {
      bar.stop();
    },
  };
}
