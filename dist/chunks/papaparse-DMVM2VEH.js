import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a}from"./chunk-QKG3EWE3.js";import"./chunk-6ZGVWTIR.js";export default a();
