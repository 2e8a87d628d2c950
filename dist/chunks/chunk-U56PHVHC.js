import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="1eb40fc9fa1d9039";export{_ as a,e as b};
