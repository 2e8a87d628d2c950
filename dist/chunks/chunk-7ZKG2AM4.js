import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="36b6ae397a7595c7";export{_ as a,e as b};
