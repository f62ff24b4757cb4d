/**
 * Early stopping with patience (Prechelt 1998, "Early stopping - but when?"): training stops
 * once the validation loss has not improved for `patience` rounds, and the model keeps the
 * rounds up to the best one.
 */

export class EarlyStopping {
  readonly patience: number;
  /** Round (0-based) of the lowest loss so far, -1 before any. */
  bestRound = -1;
  bestLoss = Infinity;

  /** patience 0 never stops. */
  constructor(patience: number) {
    this.patience = patience;
  }

  /** Records the loss after `round`; true when training should stop. */
  update(round: number, loss: number): boolean {
    // An improvement must exceed rounding noise, so a flat loss does not reset the patience.
    if (this.bestRound < 0 || loss < this.bestLoss - 1e-10 * Math.abs(this.bestLoss)) {
      this.bestLoss = loss;
      this.bestRound = round;
      return false;
    }
    return this.patience > 0 && round - this.bestRound >= this.patience;
  }
}
