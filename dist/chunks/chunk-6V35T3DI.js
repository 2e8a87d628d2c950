import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="a8d96acad4160f1c";export{_ as a,e as b};
