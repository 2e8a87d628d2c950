import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="4a5ac47ef38e5f5c";export{_ as a,e as b};
