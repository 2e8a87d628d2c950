import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="ab0e7f5d41a63bb0";export{_ as a,e as b};
