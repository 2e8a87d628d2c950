import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as e}from"./chunk-EU2TTL73.js";var i=48;function t(r,o){if(r===void 0)return;let n=Number(r);if(r.trim()===""||!Number.isFinite(n)||n<=0||n>8760)throw new e(`${o} must be a number of hours above 0 and at most 8760 (a year), not "${r}"`);return n}export{i as a,t as b};
