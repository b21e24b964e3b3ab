import type { Brand } from './brand.ts';

/** Milliseconds since the Unix epoch, UTC. */
export type EpochMs = Brand<number, 'EpochMs'>;
export type Celsius = Brand<number, 'Celsius'>;
export type Fahrenheit = Brand<number, 'Fahrenheit'>;
export type KilowattHours = Brand<number, 'KilowattHours'>;
export type Kilowatts = Brand<number, 'Kilowatts'>;

export const epochMs = (n: number): EpochMs => n as EpochMs;
export const nowMs = (): EpochMs => Date.now() as EpochMs;
export const celsius = (n: number): Celsius => n as Celsius;
export const fahrenheit = (n: number): Fahrenheit => n as Fahrenheit;
export const kilowattHours = (n: number): KilowattHours => n as KilowattHours;
export const kilowatts = (n: number): Kilowatts => n as Kilowatts;

export const fahrenheitToCelsius = (f: Fahrenheit): Celsius => (((f - 32) * 5) / 9) as Celsius;
export const celsiusToFahrenheit = (c: Celsius): Fahrenheit => ((c * 9) / 5 + 32) as Fahrenheit;
