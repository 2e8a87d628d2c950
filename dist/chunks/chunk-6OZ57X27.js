import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as p}from"./chunk-HBYCHZQQ.js";import{c as s,e as i,f as a}from"./chunk-D4WV3ZAI.js";import{c as t}from"./chunk-M34QEA2L.js";var w=["markdown","json","sarif"];function R(r,e,n={},o={}){switch(e){case"json":return p(r);case"sarif":return a(r.tool.version,i(r),o);case"markdown":return[s(r,n)]}}function S(r,e,n){return`${JSON.stringify({schemaVersion:1,tool:{name:t,version:n},account:e,passed:!1,error:{message:r}},null,2)}
`}export{w as a,R as b,S as c};
