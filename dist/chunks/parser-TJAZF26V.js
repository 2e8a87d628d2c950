import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c,d}from"./chunk-GVRB3MWP.js";import"./chunk-O5DVVPDB.js";export{a as grammarDigest,d as templateReader,b as terraformParser,c as withTree};
