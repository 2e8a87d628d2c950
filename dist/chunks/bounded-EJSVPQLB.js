import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-GWEBSWID.js";import"./chunk-EU2TTL73.js";import"./chunk-O5DVVPDB.js";export{b as MAX_ATTEMPTS,a as MAX_ATTEMPT_TIMEOUT_MS,c as attemptTimeoutMs,d as boundedClientConfig,e as createDeadline};
