import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="6831f6262547ada2";export{_ as a,e as b};
