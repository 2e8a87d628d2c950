import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="ab7a9e9a31e40ea1";export{_ as a,e as b};
