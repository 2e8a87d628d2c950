import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c}from"./chunk-C6TOBAZA.js";import"./chunk-O5DVVPDB.js";export{c as grammarDigest,b as knowGrammar,a as wasmPaths};
