import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="9bf9b0b284a9cb04";export{_ as a,e as b};
