import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c}from"./chunk-CXIJ2OXB.js";import"./chunk-O5DVVPDB.js";export{a as grammarDigest,c as templateReader,b as terraformParser};
