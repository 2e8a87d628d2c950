import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="253dc71df80e6f4d";export{_ as a,e as b};
