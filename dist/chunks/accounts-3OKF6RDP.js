import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-IOHBJ5EI.js";import"./chunk-EU2TTL73.js";import"./chunk-O5DVVPDB.js";export{d as AccountBindings,a as accountOfArn,c as folderKey,b as parseTerraformDirs};
