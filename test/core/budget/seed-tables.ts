/** The seed brief's financial strategy tables (003, section 5), as finance would save them. */

export const TABLE_1 = `,2017-18,2018-19,2019-20,2020-21,2021-22
,£000,£000,£000,£000,£000
Pressures,"1,563",0,0,0,0
Business Planning Commitments:,,,,,
CCC,468,706,619,607,TBD
MKC,830,770,715,665,TBD
NCC,564,803,708,351,TBD
Trading requirement,733,195,106,-37,TBD
Total ask,"4,158","2,474","2,148","1,586",TBD
`;

export const TABLE_3 = `,CCC,MKC,NCC,Total
,£000,£000,£000,£000
Base budget 2016-17,"12,617","16,279","18,574","47,470"
Transfers to/(from) LGSS base,"-1,728",277,"-2,705","-4,156"
Gross expenditure budget – base,"10,889","16,556","15,869","43,314"
Pressures,55,0,0,55
Expenditure inflation,51,0,246,297
Transfer to Reserves,0,0,447,447
Savings,-468,-830,-564,"-1,862"
Gross Expenditure budget – revised,"10,527","15,726","15,998","42,251"
Income,"-2,802","-3,944","-4,539","-11,285"
Income inflation,-48,0,0,-48
,"-2,850","3,944","-4,539","-11,333"
Net budget,"7,677","11,782","11,459","30,918"
`;

export const TABLE_4 = `Income/Expenditure line,£000
Direct Employees,"45,876"
Indirect Employees,"3,075"
Premises Costs,34
Transport Costs,529
Supplies and Services,"4,943"
Third Party Contract Payments,83
Transfer Payments (grants to users),-864
Other Expenditure,293
Recharge Income,"-11,721"
Gross Expenditure – Total,"42,251"
Income,"11,333"
Net Expenditure – Total,"30,918"
`;

export const TABLE_5 = `LGSS Services by Directorate,Gross Expenditure Budget (000s)
Finance Services Directorate:,
Professional Finance CCC,"2,134"
Professional Finance MKC,"1,787"
Professional Finance NCC,"1,560"
Financial Operations,"4,216"
Integrated Finance Services,"1,184"
LGSS Business Planning & Finance,491
Audit & Risk,"2,290"
Total Directorate,"13,662"
Human Resources Directorate:,
HR Central Management,311
Policy & Strategy,"1,399"
HR Business Partners CCC,"1,171"
HR Business Partners NCC,"1,042"
Learning & Development,"2,140"
HR Transactional Services (NCC/CCC),"1,181"
MKC HR Operations,925
MKC HR Transactions,807
Total Directorate,"8,976"
"Business Services, Systems & Change Directorate:",
BSSC Leadership,154
Procurement & Insurance,"1,235"
LGSS Business Systems & Change,"3,994"
Customer Engagement,396
Business Development,122
Revenues & Benefits (MKC),"4,632"
Total Directorate,"10,533"
IT Directorate:,
Cambridgeshire County Council,"2,241"
MKC IT,"3,906"
Northamptonshire County Council,"1,177"
Strategy & Architecture,253
Digital Services,716
Service Delivery,515
Total Directorate,"8,808"
LGSS Law and Governance Directorate:,
Democratic Support Services,"1,192"
CCC Corporate Legal Budget,105
Total Directorate,"1,297"
Managing Director & Support,
Managing Director & Support,221
Trading Account (Part),
Central Trading,"-1,246"
TOTAL,"42,251"
`;

export const TABLE_6A = `Service area,2017-18 £000,Proposed resolution
Law & Governance,,
LGSS Law Ltd (NBC Contract),62,To be resolved in LGSS Law Ltd.
HR,,
HR (NBC Contract),130,To be absorbed by HR service
HR (HDC Contract),63,To be absorbed by HR service
Business Transformation,140,To be offset by planned £200k saving in BTT in 2017-18 as part of service realignment with NCC
Learning & Development (NCC),350,
Schools Recruitment income (NCC),350,
IT Services,200,To be met from reserves in 17-18. IT to find from 18-19 onwards
General,,
MKC income budget pressure,268,"£437k shortfall in HR, plus £51k in IT, offset by £220k currently in MKC MTFP. For discussion with CRD MKC."
,"1,563",
`;

export const TABLE_6C = `,2017-18,2018-19,2019-20,2020-21,2021-22,Total
,£000,£000,£000,£000,£000,£000
Finance,-295,-275,-50,-50,0,-670
Audit,-75,-15,-15,-15,0,-220
Transactions,-470,-240,0,0,0,-734
HR Professional,-95,-95,0,0,0,-220
IT,-185,-220,-50,-50,0,-603
DSS,-30,-30,-30,-30,0,-120
Procurement,-40,-75,-60,-35,0,-230
Insurance,-26,-41,-20,-20,0,-127
Debt Recovery (Corporate),0,0,0,0,0,0
Revenues and Benefits,-287,-370,-731,-260,-313,"-1,961"
TOTAL,"-1,503","-1,361",-956,-460,-313,"-4,885"
NBC - Revenues & Benefits,43,124,239,105,126,637
Remaining,"-1,460","-1,237",-717,-355,-187,"-4,248"
Original Ask/Requirement,,,,,,
MKC – Core,580,520,465,415,0,"1,980"
MKC - Revenues & Benefits,250,250,250,250,0,"1,000"
LGSS – Core,300,300,200,200,0,"1,000"
LGSS - Revenues & Benefits,145,73,73,73,0,364
TOTAL,"1,275","1,143",988,938,0,"4,344"
Balance,-185,-94,271,583,-187,96
`;
