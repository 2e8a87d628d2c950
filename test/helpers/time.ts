export { ago, DAY, NOW } from './report.js';
export const HOUR_MS = 3_600_000;
