import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="21698a606c331bcb";export{_ as a,e as b};
