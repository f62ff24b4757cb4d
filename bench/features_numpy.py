# A NumPy/SciPy implementation of the core of pdm-twin's capture features, for timing only:
# time-domain statistics, a Hann spectrum with amplitudes at 1x/2x/3x, ISO velocity RMS by
# frequency-domain integration, spectral-kurtosis band choice over a small filter bank, and
# the envelope spectrum (Hilbert) with peaks at the bearing defect orders relative to the
# median floor. Prints the median time per 1 s, 12 kHz capture. Run by bench/features.js.
import sys, time
import numpy as np
from scipy import signal, stats

FS = 12000
N = 12000
RPM = 1797
ORDERS = [3.5848, 5.4152, 4.7135, 2.3568, 0.39828]


def features(x):
    x = x - x.mean()
    rms = np.sqrt(np.mean(x * x))
    peak = np.max(np.abs(x))
    out = [rms, peak, np.ptp(x), peak / rms, stats.kurtosis(x, fisher=False), stats.skew(x),
           rms / np.mean(np.abs(x)), peak / np.mean(np.abs(x))]
    w = np.hanning(N)
    X = np.fft.rfft(x * w) * 2 / w.sum()
    f = np.fft.rfftfreq(N, 1 / FS)
    fr = RPM / 60
    for k in (1, 2, 3):
        band = (f > k * fr * 0.98) & (f < k * fr * 1.02)
        out.append(np.abs(X[band]).max())
    Xf = np.fft.rfft(x)
    band = (f >= 10) & (f <= 1000)
    v = np.zeros_like(Xf)
    v[band] = Xf[band] / (2j * np.pi * f[band]) * 9806.65
    vel = np.fft.irfft(v, N)
    out.append(np.sqrt(np.mean(vel * vel)))
    # spectral kurtosis over a small bank of bands; pick the most impulsive
    best, best_k = None, -1e9
    for lo, hi in [(500, 1500), (1500, 3000), (2000, 5000), (3000, 5400), (1000, 4000)]:
        sos = signal.butter(4, [lo, hi], 'bandpass', fs=FS, output='sos')
        y = signal.sosfiltfilt(sos, x)
        k = stats.kurtosis(np.abs(signal.hilbert(y)) ** 2)
        if k > best_k:
            best, best_k = y, k
    env = np.abs(signal.hilbert(best))
    env -= env.mean()
    E = np.abs(np.fft.rfft(env * w)) * 2 / w.sum()
    floor = np.median(E[(f > 5) & (f < 600)])
    for o in ORDERS:
        for h in (1, 2, 3):
            band = (f > h * o * fr * 0.98) & (f < h * o * fr * 1.02)
            out.append(20 * np.log10(E[band].max() / floor) if band.any() else np.nan)
    return out


rng = np.random.default_rng(1)
t = np.arange(N) / FS
x = 0.05 * rng.standard_normal(N) + 0.02 * np.sin(2 * np.pi * 30 * t)
for _ in range(20):
    features(x)
times = []
for _ in range(200):
    t0 = time.perf_counter()
    features(x)
    times.append(time.perf_counter() - t0)
print(f"numpy {np.__version__} scipy {sys.modules['scipy'].__version__}: {1000 * float(np.median(times)):.3f} ms per capture")
