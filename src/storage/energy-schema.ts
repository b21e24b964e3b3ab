// Table types of the energy platform (migration 004-energy): meters, weather stations, performance
// contracts with versioned baseline agreements, settlement statements, consumption anomalies and
// heating curves. Times are epoch ms; JSON documents are text; energy and money are doubles.

export interface EnergyMeterTable {
  id: string;
  tenant_id: string;
  customer_id: string | null;
  /** Null for a virtual meter. */
  asset_id: string | null;
  channel: string | null;
  name: string;
  kind: string;
  unit: string;
  /** 'interval' | 'register' | 'virtual' */
  mode: string;
  /** Virtual meter terms [{ meterId, sign }] as JSON; '[]' for a physical meter. */
  terms: string;
  site: string;
  created_at: number;
  updated_at: number;
}

export interface EnergyWeatherStationTable {
  id: string;
  tenant_id: string;
  name: string;
  /** 'channel' (a telemetry channel of an asset) | 'imported' (CSV rows in energy_weather_points) */
  source: string;
  asset_id: string | null;
  channel: string | null;
  /** 'C' | 'F' of the channel. */
  unit: string;
  created_at: number;
}

export interface EnergyWeatherPointTable {
  tenant_id: string;
  station_id: string;
  ts: number;
  temp_c: number;
}

export interface EnergySiteTable {
  tenant_id: string;
  site: string;
  station_id: string;
}

export interface EnergyContractTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  name: string;
  kind: string;
  terms: string;
  tariff: string;
  period: string;
  start_date: string;
  end_date: string;
  /** VAT rate of the contract's invoices (0.06: energy-saving services). */
  vat_rate: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface EnergyBaselineTable {
  id: string;
  tenant_id: string;
  contract_id: string;
  version: number;
  /** 'proposed' | 'approved' | 'superseded' */
  status: string;
  terms: string;
  /** FrozenModel JSON once fitted. */
  model: string | null;
  note: string;
  provider_approved_by: string | null;
  provider_approved_at: number | null;
  customer_approved_by: string | null;
  customer_approved_at: number | null;
  created_by: string;
  created_at: number;
}

export interface EnergyStatementTable {
  id: string;
  tenant_id: string;
  contract_id: string;
  customer_id: string;
  period: string;
  period_start: string;
  period_end: string;
  status: string;
  baseline_version: number;
  savings_kwh: number;
  /** The gross amount (customer to provider, VAT included) in yuan; amount_fen is authoritative. */
  amount: number;
  currency: string;
  evidence: string;
  note: string;
  /** Whole fen (kernel/money.ts): gross = net + tax, each the sum of the statement's lines. */
  amount_fen: number;
  net_fen: number;
  tax_fen: number;
  vat_rate: number;
  /** Local midnight (tenant's zone) the period starts at, epoch ms: the list's sort key. */
  period_start_ms: number;
  invoice_no: string | null;
  invoice_date: string | null;
  issued_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface EnergyAnomalyTable {
  id: string;
  tenant_id: string;
  customer_id: string | null;
  meter_id: string;
  day_ms: number;
  observed: number;
  predicted: number;
  excess: number;
  excess_fraction: number;
  created_at: number;
}

export interface EnergyHeatingCurveTable {
  tenant_id: string;
  /** 'asset' (one station) | 'model' (every station of an asset model) */
  scope: string;
  scope_id: string;
  points: string;
  updated_at: number;
  updated_by: string;
}

export interface EnergyTables {
  energy_meters: EnergyMeterTable;
  energy_weather_stations: EnergyWeatherStationTable;
  energy_weather_points: EnergyWeatherPointTable;
  energy_sites: EnergySiteTable;
  energy_contracts: EnergyContractTable;
  energy_baselines: EnergyBaselineTable;
  energy_statements: EnergyStatementTable;
  energy_anomalies: EnergyAnomalyTable;
  energy_heating_curves: EnergyHeatingCurveTable;
}
