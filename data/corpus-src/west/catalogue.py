# Hand-written catalogue of North American and European mask/respirator makers.
# Format per maker: names (spelling variants, first is canonical) :: region :: products
# region: us (NIOSH disposable), med (US/CA medical), ind (industrial reusable), eu (EN 149), euind
# product: model text = class = style = kind   (kind: disp, half, full, papr, filt, surg, kids)
# in model text, {X} marks a filter-class token written as part of the code (labelled filter_type)
MAKERS = r"""
3M :: us :: 8210 Plus = N95 = Cup = disp ; 8511 = N95 = Cup = disp ; 8247 = R95 = Cup = disp ; 8233 = N100 = Cup = disp ; 9105S = N95 = Flat Fold = disp ; 8822 = FFP2 = Cup = disp ; 9332+ = FFP3 = Flat Fold = disp ; 6502QL = P100 = = half ; FF-402 = P100 = = full ; 7093 = P100 = = filt
Honeywell / Honeywell North / North by Honeywell :: us :: DF300 = N95 = Flat Fold = disp ; H801 = N95 = Cup = disp ; HC-NB095 = N95 = Cup = disp ; HC-NB295F = N95 = Fold Flat = disp ; N1125 = N95 = Cup = disp ; 5500 = P100 = = half ; RU8500 = P100 = = half ; 7600 = P100 = = full ; 7580P100 = P100 = = filt ; SuperOne 3205 = FFP2 = Vertical Fold = disp ; Primair PA700 = HE = = papr ; Primair 900 = HE = = papr ; 4251 = FFP2 = Cup = disp
Moldex :: us :: 2300N95 = N95 = Cup = disp ; 2730N100 = N100 = Cup = disp ; 1511 = N95 = Cup = disp ; 4800 = N95 = Cup = disp ; 7002 = P100 = = half ; 8002 = P100 = = full ; 2405 = FFP2 = Cup = disp ; 3405 = FFP3 = Cup = disp ; 3255 = FFP3 = Fold Flat = disp
Moldex Europe / Moldex-Metric :: eu :: 2555 = FFP3 = Cup = disp ; 2485 = FFP2 = Cup = disp ; 3105 = FFP1 = Fold Flat = disp ; 7002 = FFP2 = = half ; 9001 = A1P3 = = filt
Louis M. Gerson / Gerson :: us :: 1730 = N95 = Cup = disp ; 1740 = N95 = Cup = disp ; 2130 = N95 = Flat Fold = disp ; 2740 = N95 = Cup = disp ; 3230 = N95 = Cup = disp ; 1710 = N95 = Cup = disp
Prestige Ameritech :: med :: RP88020 = N95 = Flat Fold = disp ; RP88010 = N95 = Flat Fold = disp ; RP88030 = N95 = Flat Fold = disp ; PA-8020 = N95 = Flat Fold = disp
Alpha Pro Tech :: med :: 695 = N95 = Cup = disp ; 695-{N95} = = Cup = disp ; APT-1000 = N95 = Cup = disp ; BFM-95 = N95 = Flat Fold = disp
Kimberly-Clark / Kimberly-Clark Professional :: med :: Fluidshield 46727 = N95 = Duckbill = disp ; Kleenguard 54001 = N95 = Cup = disp ; PFR95-270 = N95 = Duckbill = disp ; Kleenguard RP3 = FFP3 = Fold Flat = disp
Halyard / Halyard Health / O&M Halyard :: med :: Fluidshield 46727 = N95 = Duckbill = disp ; 46827 = N95 = Duckbill = disp ; 46767 = N95 = Duckbill = disp ; 46867 = N95 = Duckbill = disp ; Fluidshield 3 47107 = N95 = Duckbill = disp ; 48247 = = Pleated = surg
Owens & Minor :: med :: 46767 = N95 = Duckbill = disp ; 2120 = N95 = Flat Fold = disp ; 88220 = = Pleated = surg
Cardinal Health :: med :: AT74535 = N95 = Cup = disp ; AT74580 = N95 = Flat Fold = disp ; AT7511 = = Pleated = surg 
Medline :: med :: NON24506 = N95 = Duckbill = disp ; NON24505 = N95 = Duckbill = disp ; NON27380 = N95 = Flat Fold = disp ; NONN95RM = N95 = Cup = disp ; NON27374 = = Pleated = surg
McKesson :: med :: 16-{N95} = = Cup = disp ; 16-N95-MD = N95 = Cup = disp ; 16-1230 = = Pleated = surg ; 16-8700 = N95 = Flat Fold = disp
DemeTech :: us :: DT-N95-F = N95 = Fold Flat = disp ; DT-N95-C = N95 = Cup = disp ; DT-N95-FB = N95 = Fold Flat = disp ; DT-KN-S = KN95 = Fold Flat = disp
Makrite :: us :: 9500-{N95} = = Cup = disp ; 910-{N95} = = Cup = disp ; Sekura-{N95} = = Flat Fold = disp ; 9500S = N95 = Cup = disp ; 2300V-{N95} = = Cup = disp ; 8900-{N99} = = Cup = disp
Harley / Harley Commodities :: us :: L-188 = N95 = Cup = disp ; L-1893 = N95 = Cup = disp ; L-1890 = N95 = Flat Fold = disp ; L-183 = N95 = Cup = disp ; L-8200 = P95 = Cup = disp
BYD Care / BYD :: us :: DE2322 = N95 = Flat Fold = disp ; DE2422 = N95 = Flat Fold = disp ; DE2122 = N95 = Cup = disp ; MC-F40-20 = KN95 = Fold Flat = disp
Aero Pro :: us :: AP0095 = N95 = Fold Flat = disp ; AP0095K = N95 = Fold Flat = disp ; AP0695 = N95 = Cup = disp ; AP0095V = N95 = Fold Flat = disp
Dentec / Dentec Safety :: ind :: Comfort-Air 121 = P100 = = half ; Comfort-Air NX = P100 = = half ; Comfort-Air 400 = P100 = = full ; NX-9500 = N95 = Cup = disp ; Safe-Air 7001 = P100 = = filt
Envo / Envo Mask / Sanctuary Health :: ind :: Classic = N95 = = half ; Pro = N95 = = half ; Sport = = = cloth ; Core = N95 = = half
Canada Masq / CanadaMasq :: med :: Q100 = N95 = Flat Fold = disp ; Q95 = KN95 = Fold Flat = disp ; Daily Masq = = Pleated = surg 
Vitacore :: med :: CAN99 = N95 = Cup = disp ; CAN95 = N95 = Cup = disp ; CAN95F = N95 = Flat Fold = disp ; CAN99 Pro = N95 = Cup = disp
Medicom / AMD Medicom :: med :: SafeMask 2214 = N95 = Cup = disp ; 2230 = N95 = Flat Fold = disp ; SafeMask Free Air = = Pleated = surg ; SafeMask SofSkin 2055 = = Pleated = surg
AOK Tooling / AOK :: us :: AOK-N95-8510 = N95 = Fold Flat = disp ; AOK-N95-8512 = N95 = Cup = disp ; AT-6500 = N95 = Fold Flat = disp
Protective Health Gear / PHG :: us :: 2800 = N95 = Cup = disp ; 5160 = N95 = Flat Fold = disp ; 2800S = N95 = Cup = disp ; 6150 = N99 = Cup = disp
Armbrust / Armbrust American :: us :: AAN95-C = N95 = Cup = disp ; AAN95-F = N95 = Flat Fold = disp ; Breathe99 = N95 = = half ; AA-3900 = = Pleated = surg
Bona Fide Masks :: us :: Ball Chain = KF94 = 3D = disp ; BF-500 = N95 = Cup = disp
United States Mask / US Mask :: us :: USM-9500 = N95 = Cup = disp ; USM-9500F = N95 = Flat Fold = disp ; USM-1010 = N95 = Cup = disp
O2 Canada / O2 :: med :: Curve = N95 = Cup = disp ; Curve Mini = N95 = Cup = disp ; O2-2020 = N95 = Cup = disp
Drive Medical / Drive :: med :: RTLN95-20 = N95 = Cup = disp ; RTL10095 = N95 = Fold Flat = disp ; RTL75400 = = Pleated = surg
Allied USA :: us :: AUSA-1120 = N95 = Cup = disp ; 8095 = N95 = Flat Fold = disp
Tecnol :: med :: PFR95-174 = N95 = Duckbill = disp ; PFR95-170 = N95 = Duckbill = disp ; PFR95-274 = N95 = Duckbill = disp ; Fluidshield 47107 = = Pleated = surg
Crosstex :: med :: Isolator Plus GXIPN95 = N95 = Cup = disp ; GXIPN95S = N95 = Cup = disp ; Secure Fit Ultra GCSU = = Pleated = surg ; Ultra GCPUL = = Pleated = surg
SAS Safety / SAS :: ind :: 8612 = N95 = Cup = disp ; 8614 = N95 = Cup = disp ; 8617 = N99 = Cup = disp ; 300-57201 = P100 = = half ; 8660 = P95 = Cup = disp
Lakeland / Lakeland Industries :: ind :: LK-9500 = N95 = Cup = disp ; LK-9510V = N95 = Cup = disp ; LK-7800 = P100 = = half
MSA / MSA Safety :: ind :: Advantage 200 LS = P100 = = half ; Advantage 420 = P100 = = half ; Advantage 900 = P100 = = full ; Advantage 3000 = P100 = = full ; Affinity 2100 = N95 = Cup = disp ; Affinity Plus 2200 = FFP2 = Cup = disp ; Millennium = = = full ; Optimair TL = HE = = papr ; 815364 = GME-P100 = = filt ; 10102183 = = = half
Scott / Scott Safety / 3M Scott :: ind :: AV-3000 = = = full ; AV-2000 = = = full ; Pro2000 = = = full ; 742 Series = P100 = = half ; Xcel = P100 = = half ; C420 = HE = = papr ; 7422-SC1 = P100 = = filt ; Promask = A2P3 = = full ; Vision 3 = = = full
Dräger / Drager / Draeger :: euind :: X-plore 1720 = FFP2 = Fold Flat = disp ; X-plore 1730 = FFP3 = Fold Flat = disp ; X-plore 1750 = FFP2 = Cup = disp ; X-plore 1930 = FFP3 = Cup = disp ; X-plore 3500 = A2P3 = = half ; X-plore 4740 = = = half ; X-plore 6300 = ABEK1 = = full ; X-plore 8000 = TH3 = = papr ; FPS 7000 = = = full ; Panorama Nova = A2B2P3 = = full ; X-plore 1350 = N95 = Cup = disp
GVS / GVS Elipse :: euind :: Elipse P100 SPR457 = P100 = = half ; Elipse Integra SPR407 = A1P3 = = half ; Elipse SPR501 = P3 = = half ; Elipse A1P3 SPR502 = A1P3 = = half ; SPR336 = P100 = = filt ; SPR316 = P3 = = filt ; Elipse Integra P3 SPR404 = P3 = = half ; Elipse Nuisance Odour SPR341 = P3 = = half
Sundström / Sundstrom / Sundstroem :: euind :: SR 100 = = = half ; SR 900 = = = half ; SR 200 = = = full ; SR 700 = TH3 = = papr ; SR 500 = TH3 = = papr ; SR 510 = P3 = = filt ; SR 221 = A2 = = filt ; SR 297 = ABE1 = = filt ; H01-1212 = = = half ; H01-1512 = = = half
JSP :: euind :: Force 8 = P3 = = half ; Force 10 = P3 = = full ; PowerCap Infinity = TH2 = = papr ; Martcare M632 = FFP2 = Cup = disp ; Springfit 425 = FFP2 = Cup = disp ; Springfit 435 = FFP3 = Cup = disp ; BEB110-101-000 = FFP1 = Cup = disp ; Typhoon = FFP3 = Cup = disp ; Olympus 832 = FFP3 = Fold Flat = disp
Miller / Miller Electric :: ind :: LPR-100 = P100 = = half ; LPR-100 272252 = P100 = = half ; T94i = = = papr ; PAPR 260473 = HE = = papr ; 261441 = P100 = = filt
Lincoln Electric / Lincoln :: ind :: Viking 3350 = = = papr ; K3930-1 = P100 = = half ; K3930-2 = P100 = = half ; KH962 = P100 = = filt ; K4654-1 = N95 = Cup = disp
Milwaukee :: ind :: 48-73-4010 = P100 = = half ; 48-73-4011 = P100 = = half ; 48-73-4012 = P100 = = half ; 48-73-4003 = N95 = Cup = disp ; 48-73-4016 = P100 = = filt
DeWalt / DEWALT :: ind :: DXIR1 = P100 = = half ; DXIR2 = P100 = = half ; DPG80 = N95 = Cup = disp ; DPG88 = P100 = = half ; DXIR1P100 = P100 = = filt
Trend :: euind :: Air Stealth STEALTH/ML = FFP3 = = half ; Air Stealth STEALTH/SM = FFP3 = = half ; Air Stealth Lite = FFP3 = = half ; AIR/STEALTH/ML = FFP3 = = half ; Airshield Pro = TH2 = = papr ; STEALTH/FILTER = P3 = = filt
Uvex :: eu :: silv-Air c 2210 = FFP2 = Cup = disp ; silv-Air c 2310 = FFP3 = Cup = disp ; silv-Air c 3110 = FFP1 = Fold Flat = disp ; silv-Air e 7233 = FFP2 = Fold Flat = disp ; silv-Air e 7333 = FFP3 = Fold Flat = disp ; silv-Air lite 7210 = FFP2 = Fold Flat = disp ; 8707233 = FFP2 = Fold Flat = disp ; silv-Air 2200 = FFP2 = Cup = disp
Delta Plus :: eu :: M1100V = FFP1 = Cup = disp ; M1200VC = FFP2 = Cup = disp ; M1300VC = FFP3 = Cup = disp ; M1200VWC = FFP2 = Cup = disp ; SU1100 = FFP1 = Fold Flat = disp ; M6200 = A2P3 = = half ; M9200 = A1P3 = = full
Portwest :: eu :: P100 = FFP1 = Cup = disp ; P101 = FFP1 = Cup = disp ; P200 = FFP2 = Cup = disp ; P201 = FFP2 = Cup = disp ; P209 = FFP2 = Cup = disp ; P301 = FFP3 = Cup = disp ; P351 = FFP3 = Cup = disp ; P410 = A2P3 = = half ; P500 = ABEK1P3 = = full
Univet :: eu :: 501 = FFP2 = Fold Flat = disp ; 731V = FFP3 = Cup = disp ; 740 = A1P3 = = half ; 791 = ABEK1 = = full
Alpha Solway / Alpha Solway Ltd :: eu :: 3030V = FFP3 = Cup = disp ; 3020V = FFP2 = Cup = disp ; 3010 = FFP1 = Cup = disp ; S-3V = FFP3 = Fold Flat = disp ; 3200V = FFP2 = Fold Flat = disp
Kolmi-Hopen / Kolmi :: eu :: Op-Air = FFP2 = Duckbill = disp ; M1+ = FFP2 = Duckbill = disp ; Op-Air Pro = FFP2 = Duckbill = disp ; Opéra Plus = FFP3 = Duckbill = disp
Valmy :: eu :: Activ'Soft = FFP2 = Fold Flat = disp ; Soft Art = FFP2 = Duckbill = disp ; SOFT-M 0119 = FFP2 = Fold Flat = disp ; Valmy Bec = FFP2 = Duckbill = disp
Intersurgical :: eu :: Intercept 2810 = FFP3 = Fold Flat = disp ; 2800 = FFP2 = Fold Flat = disp ; 1880 = = Pleated = surg
Dach / Dach Schutzbekleidung :: eu :: 22029 = FFP2 = Fold Flat = disp ; 22030 = FFP3 = Cup = disp ; M-1500 = FFP2 = Fold Flat = disp
Polyfilter :: eu :: PF-220 = FFP2 = Fold Flat = disp ; PF-330V = FFP3 = Cup = disp
Spasciani :: eu :: TR 2002 CL3 = = = half ; 802 = FFP2 = Cup = disp ; 803V = FFP3 = Cup = disp ; TR 82 = = = full ; 200 = A2P3 = = filt
BLS :: eu :: 128B = FFP2 = Cup = disp ; 502 = FFP2 = Fold Flat = disp ; 862 = FFP2 = Cup = disp ; Zer0 32 = FFP3 = Cup = disp ; 4000 Next = = = half ; Zer0 30 = FFP2 = Cup = disp ; 3200 = = = full
Medisana :: eu :: RM 100 = FFP2 = Fold Flat = disp ; 48303 = FFP2 = Fold Flat = disp
Irema / IREMA :: eu :: Fix Shape = FFP2 = Fold Flat = disp ; M-Line 9200 = FFP2 = Fold Flat = disp ; 9320 = FFP3 = Cup = disp
Climax :: eu :: 1720-V = FFP2 = Cup = disp ; 2910 = FFP2 = Fold Flat = disp ; 1730 = FFP3 = Cup = disp ; 756-N = A1 = = half
Ekastu / Ekastu Safety :: eu :: 464 201 = FFP2 = Cup = disp ; 464 301 = FFP3 = Cup = disp ; 464 101 = FFP1 = Cup = disp
Zekler :: eu :: 1302 = FFP2 = Fold Flat = disp ; 1303V = FFP3 = Fold Flat = disp ; 1301 = FFP1 = Cup = disp
Würth / Wurth :: eu :: 0899 110 022 = FFP2 = Cup = disp ; 0899 110 031 = FFP3 = Cup = disp ; 0899 110 240 = FFP2 = Fold Flat = disp
Hartmann / Paul Hartmann :: eu :: Foliodress Comfort = = Pleated = surg ; Foliodress Protect = FFP2 = Fold Flat = disp ; 9924601 = FFP2 = Fold Flat = disp
Lohmann & Rauscher / L&R :: eu :: Suprima Protect = FFP2 = Fold Flat = disp ; 31712 = FFP2 = Fold Flat = disp ; Raucodrape = = Pleated = surg
Hygiene Austria :: eu :: HA-10 = FFP2 = Fold Flat = disp ; HA-20 = FFP2 = Fold Flat = disp
Livinguard :: eu :: Pro Mask = = = cloth ; Pure = = = cloth ; Pro = = = cloth
HMCARE :: eu :: HM-01 = = = cloth ; HM-02 = = = cloth
Respilon :: eu :: R-Shield = FFP2 = Fold Flat = disp ; RespiPro = FFP2 = Fold Flat = disp ; R-Shield Light = = = cloth
Refil :: eu :: NanoFFP = FFP2 = Fold Flat = disp ; 1041 = FFP2 = Fold Flat = disp
Batist Medical / Batist :: eu :: Respiray = FFP2 = Fold Flat = disp ; 30018 = FFP2 = Fold Flat = disp
Lion Protects :: eu :: LP-2000 = FFP2 = Fold Flat = disp ; LP-3000 = FFP3 = Fold Flat = disp
Respro :: eu :: Techno = = = cloth ; City = = = cloth ; Ultralight = = = cloth
Coverguard :: eu :: 23303 = FFP3 = Cup = disp ; 23202 = FFP2 = Cup = disp ; 23101 = FFP1 = Fold Flat = disp
Singer Safety / Singer :: eu :: 7710 = FFP2 = Cup = disp ; 7730V = FFP3 = Cup = disp
Lemahieu :: eu :: LM-820 = FFP2 = Fold Flat = disp
Macopharma :: eu :: MacoMask = FFP2 = Duckbill = disp ; MP-20 = FFP2 = Duckbill = disp
Paul Boyé / Paul Boye :: eu :: PB-220 = FFP2 = Duckbill = disp
Segetex / Segetex-Eif :: eu :: 6100 = FFP2 = Duckbill = disp ; 6200 = FFP3 = Duckbill = disp
Mölnlycke / Molnlycke :: eu :: Barrier 4240 = FFP2 = Duckbill = disp ; Barrier 42321 = = Pleated = surg
Ampri / Med Comfort :: eu :: 01213 = FFP2 = Fold Flat = disp ; 01280-W = = Pleated = surg
Medi-Inn :: eu :: 912 = FFP2 = Fold Flat = disp
Abena :: eu :: 888502 = FFP2 = Fold Flat = disp ; 888501 = = Pleated = surg
Fippi :: eu :: FP-020 = FFP2 = Fold Flat = disp ; FP-200 = FFP2 = Cup = disp
Pharmaguida :: eu :: PG-200 = FFP2 = Fold Flat = disp
Airinum :: eu :: Urban Air 2.0 = = = cloth ; Lite Air = = = cloth 
Cambridge Mask Co :: eu :: {N99} Pro Mask Churchill =  = = cloth ; Basic Mask = = = cloth ; Darwin = = = kids
Arco :: eu :: ADP9100 = FFP2 = Cup = disp ; ADP9300V = FFP3 = Cup = disp
Centurion / Centurion Safety :: eu :: S5300 = FFP3 = Cup = disp
Supertouch :: eu :: 3612 = FFP2 = Fold Flat = disp ; 3613V = FFP3 = Cup = disp
Scan :: eu :: SCARESPFFP2VP = FFP2 = Cup = disp ; SCARESPFFP3VP = FFP3 = Cup = disp
Avon / Avon Protection :: ind :: FM50 = = = full ; C50 = = = full ; MP-PAPR = TH3 = = papr ; NH15 = = = full ; CH15 = = = full
Bullard :: ind :: EVA = HE = = papr ; PA30 = HE = = papr ; RT14SP = = = papr ; CC20 = = = papr
ILC Dover :: ind :: Sentinel XL = HE = = papr ; Sentinel XL HP = HE = = papr ; Sentinel Plus = HE = = papr
RPB Safety / RPB :: ind :: Z-Link = = = papr ; PX5 = TH3 = = papr ; Nova 3 = = = papr ; C-Series 04-932 = = = papr ; Z4 = = = papr
Allegro / Allegro Industries :: ind :: 9901 = = = half ; 9200-01 = = = papr ; 4000-25 = = = full
Air Systems / Air Systems International :: ind :: BRE-SA-4 = = = full ; CPF-20 = = = papr
Clemco :: ind :: Apollo 600 = = = papr ; Apollo 20 = = = papr
ESAB :: ind :: Sentinel Air = TH3 = = papr ; Air 2 = TH2 = = papr ; 0700000800 = P3 = = filt
Hobart :: ind :: 770861 = = = papr ; 770879 = P100 = = half
Jackson Safety / Jackson :: ind :: R10 = N95 = Cup = disp ; R20 = N95 = Cup = disp ; R30 = N95 = Cup = disp ; 64230 = N95 = Cup = disp ; RX Air = P100 = = half
Optrel :: ind :: e3000X = TH3 = = papr ; Swiss Air = TH2 = = papr ; e3000 = TH3 = = papr
Radians :: ind :: RAD95 = N95 = Cup = disp ; RWS-54001 = N95 = Cup = disp ; RAD95V = N95 = Cup = disp
MCR Safety / MCR :: ind :: RPN95 = N95 = Cup = disp ; 9095 = N95 = Cup = disp ; RPN95V = N95 = Cup = disp
Ergodyne :: ind :: Skullerz 8902 = N95 = Cup = disp ; 22110 = N95 = Cup = disp
Magid / Magid Glove & Safety :: ind :: RW10 = N95 = Cup = disp ; RW10V = N95 = Cup = disp ; D-Shield 9110 = = = half
Shawmut :: ind :: Protex SR9520 = N95 = Cup = disp ; SR9522 = N95 = Cup = disp ; Protex SR7520 = P100 = = half
Willson / Sperian :: ind :: 7500 = P100 = = half ; N5500 = P100 = = half ; 2300 = N95 = Cup = disp
Survivair :: ind :: Blue1 = P100 = = half ; Opti-Fit = P100 = = full ; 2000 Series = P100 = = half
Precept / Precept Medical :: med :: 65-3395 = N95 = Duckbill = disp ; 15320 = = Pleated = surg ; 65-3230 = N95 = Duckbill = disp
Dynarex :: med :: 2220 = N95 = Cup = disp ; 2210 = = Pleated = surg ; 2201 = = Pleated = surg
Henry Schein / Schein :: med :: 112-7410 = N95 = Cup = disp ; 112-6250 = = Pleated = surg ; 112-9530 = N95 = Flat Fold = disp
Benco Dental :: med :: BD-9500 = N95 = Cup = disp
Hart Health :: med :: 0208 = N95 = Cup = disp ; 0215 = N95 = Cup = disp
Primed / PRIMED Medical Products :: med :: PRM-3100 = N95 = Cup = disp ; Unifit = N95 = Cup = disp ; RT-4500 = = Pleated = surg
Dukal :: med :: 8680 = N95 = Cup = disp ; 8930 = = Pleated = surg
Graham Medical :: med :: 57315 = = Pleated = surg ; 57322 = N95 = Cup = disp
Busse :: med :: 882 = N95 = Cup = disp
Sekisui :: med :: SF-9520 = N95 = Flat Fold = disp
Zimi :: us :: ZM9233 = N95 = Cup = disp ; ZM9541 = KN95 = Fold Flat = disp ; ZM9502 = N95 = Cup = disp
BNX :: us :: H95 = N95 = Cup = disp ; H95W = N95 = Cup = disp ; H95B = N95 = Cup = disp ; H95-K = N95 = Cup = kids
Benehal :: us :: MS8225 = N95 = Cup = disp ; MS9525 = N95 = Cup = disp
Trident :: us :: T95 = N95 = Fold Flat = disp ; T95-BK = N95 = Fold Flat = disp ; KT95 = N95 = Fold Flat = kids
WellBefore :: us :: WB-500 = N95 = Cup = disp ; WB-300 = KN95 = Fold Flat = disp ; WB-K100 = KN95 = Fold Flat = kids
Narwal :: us :: NW-K30 = N95 = Fold Flat = kids ; NW-210 = N95 = Fold Flat = disp
ReadiMask / Readimask :: us :: Pro = N95 = = disp ; Lite = = = disp ; RM-210 = N95 = = disp
Flo Mask / Flo :: us :: Pro = N95 = = half  
Elastomask :: us :: Pro = N95 = = half ; EM-100 = N95 = = half 
Breathe99 :: us :: B2 = N95 = = half ; B1 = N95 = = half ; B2 = N95 = = filt
Happy Masks / Happy Masks® :: us :: Pro = = = kids ; Nano = = = kids ; Pro Adult = = = cloth
Vogmask :: us :: VMCV = N99 = = cloth ; VMC = N99 = = cloth 
Enro / Enro Mask :: us :: Original = = = cloth ; Everyday = = = cloth ; Original = = = kids
Under Armour :: us :: Sportsmask = = = cloth ; UA Sportsmask Featherweight = = = cloth
Outdoor Research :: us :: Essential Ultralight = = = cloth
Hanes :: us :: Defender = = = cloth ; Defender = = = kids
Evolvetogether / Evolve Together :: us :: Classic = KN95 = Fold Flat = disp ; Classic = = Pleated = surg
Hummingbird :: us :: HB-K20 = KN95 = Fold Flat = kids ; HB-500 = KN95 = Fold Flat = disp
Drlogy :: us :: DL-6008 = KN95 = Fold Flat = disp
Moldex Metric :: us :: 2200N95 = N95 = Cup = disp ; 2600N95 = N95 = Cup = disp
Kimtech :: med :: Pure M3 = = Pleated = surg ; 62355 = N95 = Duckbill = disp
Stanley :: ind :: SYH-120 = N95 = Cup = disp ; SYH-610 = P100 = = half
Husky :: ind :: HD-1120 = N95 = Cup = disp ; 2201VT = P100 = = half
Klein Tools / Klein :: ind :: 60243 = P100 = = half ; 60244 = N95 = Cup = disp
Defender Safety :: ind :: DS-9902 = N95 = Cup = disp ; DS-7700 = P100 = = half
Safety Works / SafetyWorks :: ind :: SWX00318 = N95 = Cup = disp ; 817664 = P100 = = half ; SWX00320 = P95 = Cup = disp
North Safety / North Safety Products :: ind :: 7700 = P100 = = half ; 5400 = P100 = = full ; N7500 = P100 = = half ; 54001 = P100 = = full
Gentex :: ind :: M50 = = = full ; PureFlo 3000 = TH3 = = papr
CleanSpace / Cleanspace :: ind :: Ultra = TH3 = = papr ; Halo = TH3 = = papr ; EX = TH3 = = papr ; CST Pro = TH3 = = papr
Versaflo :: ind :: TR-600 = HE = = papr ; TR-300+ = HE = = papr ; TR-800 = HE = = papr
Medline Industries :: med :: NON24506 = N95 = Duckbill = disp ; NONN95RS = N95 = Cup = disp
Owens & Minor Halyard :: med :: 46827 = N95 = Duckbill = disp
Blue Bear / Blue Bear Protection :: us :: BB-2095 = N95 = Cup = disp
Premium-PPE / Premium PPE :: us :: PP-9520 = N95 = Flat Fold = disp ; PP-9510 = N95 = Cup = disp
Texas Nonwovens :: us :: TN-8820 = N95 = Cup = disp
Tex-Tech / Tex-Tech Industries :: us :: TT-4495 = N95 = Cup = disp
Paramount / Paramount Safety :: us :: PS-9200 = N95 = Cup = disp
American Mask Manufacturing / AMM :: us :: AMM-1200 = N95 = Cup = disp
SureFit / SureFit Mask :: us :: SF-1100 = N95 = Cup = disp
Fortress / Fortress Safety :: us :: FS-6630 = N95 = Cup = disp
Aswan / Aswan Medical :: us :: AS-7020 = N95 = Flat Fold = disp
Global Healthcare / Global Healthcare Supplies :: us :: GH-3950 = N95 = Cup = disp
Duravision :: us :: DV-220 = N95 = Flat Fold = disp
Levitt-Safety / Levitt Safety :: ind :: LS-9010 = N95 = Cup = disp
Mapa / Mapa Professional :: eu :: MP-2320 = FFP2 = Cup = disp
Swiss Kohinoor :: med :: SK-2020 = N95 = Cup = disp
Novo Textiles :: med :: NT-95 = N95 = Cup = disp
Eclipse Innovations :: med :: EI-4100 = N95 = Cup = disp
AirSafe / Air Safe :: med :: AS-200 = N95 = Cup = disp
Stedfast :: med :: SF-300 = = Pleated = surg
Viva Healthcare / Viva Healthcare Packaging :: med :: VH-9501 = N95 = Flat Fold = disp
Matrix / Matrix Safety :: ind :: MX-7200 = P100 = = half
Acklands-Grainger / Grainger :: ind :: 4ZT45 = N95 = Cup = disp ; 5UZB9 = P100 = = half
Condor :: ind :: 52YU40 = N95 = Cup = disp ; 54HZ67 = P100 = = half
Uline :: us :: S-21962 = N95 = Cup = disp ; S-24531 = KN95 = Fold Flat = disp ; S-17212 = = Pleated = surg
Global Industrial :: us :: 708492 = N95 = Cup = disp
Northern Safety :: ind :: 15100 = N95 = Cup = disp
Liberty Glove / Liberty Safety :: ind :: 1995 = N95 = Cup = disp
Sellstrom :: ind :: S70010 = N95 = Cup = disp ; S70210 = P100 = = half
Gateway Safety :: ind :: 80125 = N95 = Cup = disp
West Chester / West Chester Protective Gear :: ind :: 9095 = N95 = Cup = disp ; P95V = P95 = Cup = disp
PIP / Protective Industrial Products :: ind :: 270-3100 = N95 = Cup = disp ; 270-3200 = N95 = Cup = disp ; 270-6500 = P100 = = half
Bouton / Bouton Optical :: ind :: 270-3110 = N95 = Cup = disp
Kleenguard :: med :: 54001 = N95 = Cup = disp ; 64230 = N95 = Cup = disp
Safeguard / SafeGuard :: us :: SG-510 = N95 = Cup = disp
Aearo / Aearo Technologies :: ind :: 8210 = N95 = Cup = disp ; 6200 = = = half
Kobalt :: ind :: KB-2201 = N95 = Cup = disp ; KB-6100 = P100 = = half
Festool :: eu :: 498440 = FFP2 = Cup = disp
Makita :: eu :: P-72506 = FFP2 = Cup = disp
Dräger Safety :: euind :: X-plore 1950 = FFP3 = Cup = disp
Sibol :: eu :: Smart Mask = FFP2 = Fold Flat = disp
Medicalfan / MedicalFan :: eu :: MF-1020 = FFP2 = Fold Flat = disp
Kemper / Kemper System :: eu :: KS-200 = FFP2 = Fold Flat = disp
Hoffmann / Hoffmann Group :: eu :: Holex 086410 = FFP2 = Cup = disp
Berner :: eu :: 141734 = FFP2 = Cup = disp
Palmers :: eu :: Protect = FFP2 = Fold Flat = disp
Tuffsafe :: eu :: TFF100 = FFP1 = Cup = disp ; TFF300V = FFP3 = Cup = disp
Polar Bear / Polar Bear Safety :: eu :: PB-2100 = FFP2 = Cup = disp
Lebon / Lebon Protection :: eu :: ML-2V = FFP2 = Cup = disp
Sacchi :: eu :: SC-2000 = FFP2 = Fold Flat = disp
Eurosafety :: eu :: ES-2102 = FFP2 = Cup = disp
Secura / Secura B.C. :: eu :: 5300 = FFP2 = Cup = disp
Sterimed :: eu :: SM-2010 = FFP2 = Fold Flat = disp
Meditrade :: eu :: 1000 = FFP2 = Fold Flat = disp ; 1008 = = Pleated = surg
Nanomask / NanoMask :: eu :: NM-02 = FFP2 = Fold Flat = disp
Oxyline :: eu :: X-160 = FFP2 = Fold Flat = disp
"""
