import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="5ed4545f5bca8913";export{_ as a,e as b};
