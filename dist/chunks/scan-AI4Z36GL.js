import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-3PW3HEMR.js";import"./chunk-NMWZSRZ6.js";import"./chunk-XCWQ4KJ6.js";import"./chunk-LEMBSBXT.js";import"./chunk-KQ5PHHRF.js";import"./chunk-6ZGVWTIR.js";export{a as RELATED_TYPES,b as TERRAFORM_FILE_MAX_BYTES,c as listTerraformFiles,d as scanTerraform};
