import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-B6EDPLMT.js";import"./chunk-O5DVVPDB.js";export{a as defaultUri,b as repositoryUris};
