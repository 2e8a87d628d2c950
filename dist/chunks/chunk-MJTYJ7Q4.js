import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="c58b1805fa166789";export{_ as a,e as b};
