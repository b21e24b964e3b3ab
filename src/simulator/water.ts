// Sensible heat carried by a water flow: Q = ṁ·c_p·Δt with ṁ = ρ·V̇. Water at 5–70 °C is taken
// as ρ = 1000 kg/m³ and c_p = 4.186 kJ/(kg·K), the figures heat meters use (EN 1434-1 gives the
// exact temperature dependence; the ≈2 % difference does not matter for demo data).

export const WATER_DENSITY = 1000; // kg/m³
export const WATER_CP = 4.186; // kJ/(kg·K)

/** Mass flow, kg/s, of a volume flow in m³/h. */
export const massFlow = (flowM3h: number): number => (flowM3h * WATER_DENSITY) / 3600;

/** Heat rate, kW, of a flow in m³/h across a temperature difference in K. */
export const waterHeatRate = (flowM3h: number, deltaK: number): number =>
  massFlow(flowM3h) * WATER_CP * deltaK;

/** Temperature difference, K, that carries `kW` in a flow of `flowM3h`. */
export const deltaForHeat = (kW: number, flowM3h: number): number =>
  kW / (massFlow(flowM3h) * WATER_CP);
