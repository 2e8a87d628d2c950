import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c}from"./chunk-X35K22RO.js";import"./chunk-NMWZSRZ6.js";import"./chunk-XCWQ4KJ6.js";import"./chunk-LEMBSBXT.js";import"./chunk-KQ5PHHRF.js";import"./chunk-6ZGVWTIR.js";export{a as RELATED_TYPES,b as listTerraformFiles,c as scanTerraform};
