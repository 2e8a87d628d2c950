import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as b,b as c,c as d}from"./chunk-V27D2D5B.js";import{c as a}from"./chunk-C6TOBAZA.js";import"./chunk-O5DVVPDB.js";export{a as grammarDigest,d as templateReader,b as terraformParser,c as withTree};
