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
        format: `${label} [{bar}] {percentage}%{left} |${unit === '' ? '' : ` {value}/{total} ${unit}`} {detail}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    const t0 = Date.now();
    // (not `eta`: cli-progress fills that field itself, with bare seconds)
    bar.start(Math.max(1, Math.round(total)), 0, { detail: '', left: '' });
    return {
      update: (done, detail = '') => {
        const eta = etaText(done, total, (Date.now() - t0) / 1000);
        bar.update(Math.round(done), { detail, left: eta === '' ? '' : ` | ${eta}` });
      },
      stop: () => {
        bar.stop();
      },
    };
  }
  return plainProgress(label, total, unit, (line) => process.stderr.write(`${line}\n`));
}

/**
 * Sparse plain lines: one each time the share done passes a tenth, one at least every
 * `everyS` seconds between (a run of hours would otherwise be silent for many minutes), and at
 * stop the final state when it changed after the 100 % line (the work can reach its total
 * before the last piece reports, so the 100 % line would otherwise end on "11/12 machines").
 */
export function plainProgress(
  label: string,
  total: number,
  unit: string,
  write: (line: string) => void,
  nowS: () => number = () => Date.now() / 1000,
  everyS = 60,
): Progress {
  const t0 = nowS();
  let lastDecile = -1;
  let lastPrintS = t0;
  let printed = { done: Number.NaN, detail: '' };
  let latest = printed;
  const print = (done: number, detail: string): void => {
    printed = { done, detail };
    lastPrintS = nowS();
    write(progressLine(label, done, total, unit, lastPrintS - t0, detail));
  };
  return {
    update: (done, detail = '') => {
      latest = { done, detail };
      const decile = Math.floor((10 * done) / Math.max(1, total));
      if (decile > lastDecile) {
        lastDecile = decile;
        print(done, detail);
      } else if (nowS() - lastPrintS >= everyS && done !== printed.done) print(done, detail);
    },
    stop: () => {
      const changed = latest.done !== printed.done || latest.detail !== printed.detail;
      if (lastDecile >= 10 && changed) print(latest.done, latest.detail);
      printed = latest;
    },
  };
}

/**
 * One plain progress line, as logs get it: the share done (whole per cent, rounded down), the
 * count, the time so far and, while work remains, the time left at the pace so far
 * ("generate: 30% (864/2880 machine-h, 6.0 s, ETA 14 s)").
 */
export function progressLine(
  label: string,
  done: number,
  total: number,
  unit: string,
  elapsedS: number,
  detail = '',
): string {
  const percent = Math.min(100, Math.floor((100 * done) / Math.max(1, total)));
  const count = unit === '' ? '' : `${Math.round(done)}/${Math.round(total)} ${unit}, `;
  const left = etaText(done, total, elapsedS);
  const eta = left === '' ? '' : `, ${left}`;
  return `${label}: ${percent}% (${count}${elapsedS.toFixed(1)} s${eta})${detail === '' ? '' : ` ${detail}`}`;
}

/**
 * The time left at the pace so far, once the pace means something: from 5 % of the work (the
 * first sliver includes starting workers and compiling, and extrapolated it read "ETA 28 min"
 * for a one-minute job). '' before that and when done.
 */
export function etaText(done: number, total: number, elapsedS: number): string {
  if (!(done >= 0.05 * total && done < total && done > 0)) return '';
  return `ETA ${formatSeconds((elapsedS * (total - done)) / done)}`;
}

/** 42 s, 3 min 05 s, 1 h 02 min. */
function formatSeconds(s: number): string {
  const r = Math.round(s);
  if (r < 60) return `${r} s`;
  if (r < 3600) return `${Math.floor(r / 60)} min ${String(r % 60).padStart(2, '0')} s`;
  return `${Math.floor(r / 3600)} h ${String(Math.floor((r % 3600) / 60)).padStart(2, '0')} min`;
}

/** The signal that interrupted the job, if one did (main turns it into the exit status). */
let interruptedBy: NodeJS.Signals | null = null;

/** 130 after SIGINT, 143 after SIGTERM (128 + the signal's number, as shells report it). */
function signalExitCode(sig: NodeJS.Signals | null): number {
  return sig === 'SIGTERM' ? 143 : 130;
}

/** The exit status of the job the last signal interrupted (see signalExitCode). */
export function interruptExitCode(): number {
  return signalExitCode(interruptedBy);
}

/**
 * An AbortSignal fired by the first SIGINT/SIGTERM; a second one exits at once. `doing` says
 * what the job does on the first (default: stopping workers and removing unfinished files).
 */
export function interruptSignal(doing = 'stopping workers and removing unfinished files'): {
  signal: AbortSignal;
  dispose: () => void;
} {
  // a new job: an earlier one's signal (main run twice in one process) is not this one's
  interruptedBy = null;
  const ctrl = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (ctrl.signal.aborted) process.exit(signalExitCode(sig));
    interruptedBy = sig;
    process.stderr.write(
      sig === 'SIGINT'
        ? `\ninterrupting: ${doing} (press Ctrl-C again to exit now)\n`
        : `\ninterrupting (${sig}): ${doing}\n`,
    );
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
