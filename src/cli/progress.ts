/**
 * Progress for long jobs: a bar with ETA on an interactive terminal (stderr), and sparse
 * plain lines otherwise (CI logs), never both.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, detail?: string): void;
  stop(): void;
}

/**
 * A progress display for `total` units of work; `unit` names them in the count shown
 * ("77803/259200 machine-h"); with unit '' no count is shown, only the share (work measured
 * in arbitrary steps, such as a training's tasks).
 */
export function createProgress(
  label: string,
  total: number,
  unit: string,
  quiet = false,
): Progress {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | ETA {eta_formatted} |${unit === '' ? '' : ` {value}/{total} ${unit}`} {detail}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(1, Math.round(total)), 0, { detail: '' });
    return {
      update: (done, detail = '') => {
        bar.update(Math.round(done), { detail });
      },
      stop: () => {
        bar.stop();
      },
    };
  }
  let lastDecile = -1;
  const t0 = Date.now();
  return {
    update: (done, detail = '') => {
      const decile = Math.floor((10 * done) / Math.max(1, total));
      if (decile > lastDecile) {
        lastDecile = decile;
        const s = ((Date.now() - t0) / 1000).toFixed(1);
        const count = unit === '' ? '' : `${Math.round(done)}/${Math.round(total)} ${unit}, `;
        process.stderr.write(
          `${label}: ${Math.min(100, decile * 10)}% (${count}${s} s) ${detail}\n`,
        );
      }
    },
    stop: () => undefined,
  };
}

/** An AbortSignal fired by the first SIGINT/SIGTERM; a second one exits at once. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const ctrl = new AbortController();
  const onSignal = (): void => {
    if (ctrl.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupting: stopping workers (press Ctrl-C again to exit now)\n');
    ctrl.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ctrl.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
