import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="ae79ca0f603673bc";export{_ as a,e as b};
