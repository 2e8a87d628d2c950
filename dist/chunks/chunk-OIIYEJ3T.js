import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="d8c0c292b9b176b5";export{_ as a,e as b};
