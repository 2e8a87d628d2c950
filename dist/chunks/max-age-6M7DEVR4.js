import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-EW32MU5D.js";import"./chunk-EU2TTL73.js";import"./chunk-O5DVVPDB.js";export{a as DEFAULT_MAX_REPORT_AGE_HOURS,b as parseMaxReportAge};
