/**
 * The features layer's public API: signal processing and per-capture features, pure (no I/O,
 * no clock), shared by training and the edge. Every export is named here; nothing else in
 * src/features is public.
 */
export {
  complexFftPlan,
  isFastSize,
  nextFastSize,
  pffftAvailable,
  realFftPlan,
  type ComplexFftPlan,
  type FftBackend,
  type FftPlanOptions,
  type RealFftPlan,
} from './fft.js';
export {
  WINDOW_KINDS,
  windowCoefficients,
  windowCoherentGain,
  windowEnbwBins,
  type WindowKind,
} from './window.js';
export {
  amplitudeSpectrum,
  bandPower,
  peakNear,
  type AmplitudeSpectrum,
  type AmplitudeSpectrumOptions,
  type SpectralPeak,
} from './spectrum.js';
export {
  analyticEnvelope,
  envelopeSpectrum,
  type AnalyticEnvelope,
  type EnvelopeSpectrum,
  type EnvelopeSpectrumOptions,
} from './envelope.js';
export { finiteQuantile, medianInPlace, quantileInPlace, selectInPlace } from './robust-stats.js';
export {
  CaptureSpectrum,
  MIN_ANALYSIS_LENGTH,
  analysisLength,
  hannFromRect,
  type RealSpectrum,
} from './capture-spectrum.js';
export { timeDomainStats, type TimeDomainStats } from './time-domain.js';
export {
  ISO_10816_LIMITS,
  ISO_VELOCITY_BAND_HZ,
  STANDARD_GRAVITY_MM_S2,
  VelocityIntegrator,
  accelToVelocity,
  isoZone,
  type IsoMachineClass,
  type IsoZoneLimits,
  type VelocityResult,
} from './velocity.js';
export {
  captureQuality,
  type CaptureQuality,
  type QualityIssue,
  type QualityOptions,
} from './quality.js';
export {
  BandSelector,
  MIN_BAND_WIDTH_HZ,
  candidateBands,
  selectDemodulationBand,
  stftSpectralKurtosis,
  type BandSearchOptions,
  type SkBand,
  type StftSpectralKurtosis,
} from './spectral-kurtosis.js';
export {
  SEGMENT_REVOLUTIONS,
  SquaredEnvelopeSpectrum,
  type OrderEnvelopeSpectrum,
} from './squared-envelope.js';
export {
  ENVELOPE_DEFECTS,
  EnvelopeAnalyzer,
  EnvelopeLineReader,
  MAX_BAND_HZ,
  defectOrders,
  envelopeBandSearch,
  envelopeFeatures,
  type DefectLines,
  type DefectOrders,
  type EnvelopeAnalysis,
  type EnvelopeAnalysisOptions,
  type EnvelopeDefect,
  type EnvelopeLineOptions,
  type EnvelopeLines,
} from './envelope-features.js';
export {
  ORDER_BANDS,
  orderFeatures,
  toneAmplitude,
  toneVelocityMmS,
  type HannSpectrum,
  type OrderBand,
  type OrderFeatureOptions,
  type OrderFeatures,
} from './order-features.js';
export {
  MIN_PROMINENCE_DB,
  SpeedEstimator,
  estimateSpeed,
  speedDeviationPct,
  type SpeedEstimate,
  type SpeedSearchOptions,
} from './speed-estimate.js';
export {
  VIBRATION_FEATURES,
  VIBRATION_FEATURE_INDEX,
  type VibrationFeatureGroup,
  type VibrationFeatureName,
  type VibrationFeatureSpec,
} from './feature-registry.js';
export {
  FeatureExtractor,
  VIBRATION_FEATURE_COUNT,
  vibrationFeatures,
  type VibrationFeatureOptions,
  type VibrationFeatures,
  type VibrationInput,
} from './capture-features.js';
export {
  MIN_SIDEBAND_BINS,
  currentFeatures,
  type CurrentFeatureOptions,
  type CurrentFeatures,
} from './current-features.js';
export { trendFeatures, type TrendFeatures, type TrendOptions } from './history.js';
export { ThermalBaseline, type ThermalBaselineOptions } from './thermal-baseline.js';
export { RobustScaler, RobustScalerJsonSchema, type RobustScalerJson } from './normalize.js';
export { segmentPlan, segmentSignal, type SegmentPlan } from './segment.js';
