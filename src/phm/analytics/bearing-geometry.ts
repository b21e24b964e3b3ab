// Rolling-element bearing defect frequencies from geometry and shaft speed (kinematic formulas,
// e.g. Randall & Antoni, "Rolling element bearing diagnostics — a tutorial", MSSP 25 (2011), eq. 1–4;
// Smith & Randall, MSSP 64–65 (2015), Table 2 for the CWRU bearings). Slip of 1–2 % in real bearings
// makes the observed lines deviate slightly, so evidence searches a small band around each.

export interface BearingGeometry {
  balls: number;
  /** Ball (roller) diameter and pitch diameter in the same unit. */
  ballDiameter: number;
  pitchDiameter: number;
  contactAngleDeg: number;
}

/**
 * CWRU drive-end bearing SKF 6205-2RS JEM: 9 balls, ball diameter 0.3126 in, pitch diameter
 * 1.537 in, contact angle 0 (CWRU Bearing Data Center, "Bearing information" page; Smith & Randall
 * 2015, Table 2). Multiples of shaft speed: BPFI 5.4152, BPFO 3.5848, FTF 0.39828, BSF 2.357.
 */
export const SKF_6205_2RS: BearingGeometry = {
  balls: 9,
  ballDiameter: 0.3126,
  pitchDiameter: 1.537,
  contactAngleDeg: 0,
};

export type DefectKind = 'BPFO' | 'BPFI' | 'BSF' | 'FTF';
export const DEFECT_KINDS: readonly DefectKind[] = ['BPFO', 'BPFI', 'BSF', 'FTF'];

/** Defect frequencies in Hz at shaft speed `rpm`. */
export function defectFrequencies(g: BearingGeometry, rpm: number): Record<DefectKind, number> {
  const fr = rpm / 60;
  const r = (g.ballDiameter / g.pitchDiameter) * Math.cos((g.contactAngleDeg * Math.PI) / 180);
  return {
    BPFO: ((g.balls * fr) / 2) * (1 - r),
    BPFI: ((g.balls * fr) / 2) * (1 + r),
    BSF: (g.pitchDiameter / (2 * g.ballDiameter)) * fr * (1 - r * r),
    FTF: (fr / 2) * (1 - r),
  };
}
