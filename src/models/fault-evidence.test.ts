import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_FEATURES } from '../features/machine-features.js';
import { FAULT_MODES } from '../twin/modes.js';
import { evidenceColumns } from './fault-evidence.js';

describe('evidenceColumns', () => {
  const inputs = [
    'acc_kurtosis',
    'env_bpfo_h1_db',
    'ratio_2x_1x',
    'pwr_frac_1x',
    'pwr_frac_hf',
    'acc_rms_residual_db',
    'envw_floor_residual_db',
    'fe_envw_floor_residual_db',
    'cur_rbar_sb_db',
    'temp_winding_residual_k',
    'temp_frame_residual_k',
    'temp_bearing_residual_k',
    'vel_1x_mm_s_rel_change',
  ];
  it('gives each mode the inputs its physics is read from', () => {
    const names = (mode: string) => evidenceColumns(mode, inputs)!.map((j) => inputs[j]);
    expect(names('outer_race')).toEqual([
      'acc_kurtosis',
      'env_bpfo_h1_db',
      'temp_bearing_residual_k',
    ]);
    expect(names('ball')).toEqual(names('outer_race'));
    // Grease loss raises the broadband floor: the high-frequency power share is its evidence,
    // not a localised defect's.
    expect(names('lubrication')).toEqual([
      'acc_kurtosis',
      'env_bpfo_h1_db',
      'pwr_frac_hf',
      'acc_rms_residual_db',
      'envw_floor_residual_db',
      'fe_envw_floor_residual_db',
      'temp_bearing_residual_k',
    ]);
    expect(names('imbalance')).toEqual(['ratio_2x_1x', 'pwr_frac_1x', 'vel_1x_mm_s_rel_change']);
    expect(names('fan')).toEqual([
      'ratio_2x_1x',
      'pwr_frac_1x',
      'temp_winding_residual_k',
      'temp_frame_residual_k',
      'temp_bearing_residual_k',
      'vel_1x_mm_s_rel_change',
    ]);
    expect(names('rotor_bar')).toEqual(['cur_rbar_sb_db', 'temp_winding_residual_k']);
  });

  it("takes an accelerometer's own copy of a feature as the fused one's evidence", () => {
    const own = ['de_acc_kurtosis', 'fe_envw_floor_residual_db', 'fe_vel_1x_mm_s', 'load'];
    const names = (mode: string) => evidenceColumns(mode, own)!.map((j) => own[j]);
    expect(names('outer_race')).toEqual(['de_acc_kurtosis']);
    expect(names('lubrication')).toEqual(['de_acc_kurtosis', 'fe_envw_floor_residual_db']);
    expect(names('imbalance')).toEqual(['fe_vel_1x_mm_s']);
  });

  it('reads every input for modes it does not know or whose evidence is absent', () => {
    expect(evidenceColumns('overheat', inputs)).toBeNull();
    expect(evidenceColumns('rotor_bar', ['acc_kurtosis', 'env_bpfo_h1_db'])).toBeNull();
    expect(evidenceColumns('toString', inputs)).toBeNull();
  });

  it('finds evidence of every fault mode among the default model inputs', () => {
    for (const mode of FAULT_MODES) {
      const cols = evidenceColumns(mode, DEFAULT_MODEL_FEATURES);
      expect(cols, mode).not.toBeNull();
      expect(cols!.length, mode).toBeLessThan(DEFAULT_MODEL_FEATURES.length);
    }
  });
});
