import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{e as i}from"./chunk-CDQX52JC.js";function t(e){return`${JSON.stringify({schemaVersion:1,kind:"merged",tool:e.tool,mergedAt:e.mergedAt,failOn:e.failOn,maxReportAgeHours:e.maxReportAgeHours},null,2).slice(0,-2)},
  "findings": [`}var o=(e,n)=>`${n?"":","}
    ${i(e)}`;function s(e,n){let r=JSON.stringify({passed:e.passed,summary:e.summary,accounts:e.accounts,rules:e.rules,otherFindingsByRule:e.otherFindingsByRule,warnings:e.warnings},null,2);return`${n?`
  ]`:"]"},${r.slice(1)}
`}function*d(e){yield t(e);let n=e.findings;for(let r=0;r<n.length;r++)yield o(n[r],r===0);yield s(e,n.length>0)}export{t as a,o as b,s as c,d};
