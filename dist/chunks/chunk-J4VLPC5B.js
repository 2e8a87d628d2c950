import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="c4b278bb242d862b";export{_ as a,e as b};
