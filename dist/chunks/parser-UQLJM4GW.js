import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-QCAZXZYD.js";import"./chunk-6ZGVWTIR.js";export{a as grammarDigest,b as terraformParser};
