import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="03ddc199a7da396f";export{_ as a,e as b};
