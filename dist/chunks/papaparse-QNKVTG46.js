import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a}from"./chunk-XG6PRYXQ.js";import"./chunk-O5DVVPDB.js";export default a();
