namespace NorseAlerts.Ingest.Tests;

/// <summary>
/// Messages from public HL7 v2 collections, changed only to be about an RSE patient (a DG1 or a death added, as noted).
/// Patient data in them is the collections' own test data.
/// </summary>
internal static class PublicSamples
{
    /// <summary>
    /// HAPI HL7v2 test resources, <c>ca/uhn/hl7v2/parser/tests/adt_a03.txt</c> (Ospedale Maggiore di Lodi, v2.5, times
    /// without offset, PID-3 <c>5520255^^^PK^PK</c> plus CF/SSN repetitions). Changed: MSH-9 ADT^A01, PR1 replaced by a
    /// DG1 coded WHO ICD-10 G41.9 dated at the admission time PV1-44.
    /// </summary>
    public static readonly string LodiAdmitWithStatusEpilepticus = string.Join('\r',
        "MSH|^~\\&|IRIS|SANTER|AMB_R|SANTER|200803051508||ADT^A01|263206|P|2.5",
        "EVN||200803051509||||200803031508",
        "PID|||5520255^^^PK^PK~ZZZZZZ83M64Z148R^^^CF^CF~ZZZZZZ83M64Z148R^^^SSN^SSN^^20070103^99991231~^^^^TEAM||ZZZ^ZZZ||19830824|F||||||||||||||||||||||N",
        "PV1||I|6402DH^^^^^^^^MED. 1 - ONCOLOGIA^^OSPEDALE MAGGIORE DI LODI&LODI|||^^^^^^^^^^OSPEDALE MAGGIORE DI LODI&LODI|13936^TEST^TEST||||||||||5068^TEST2^TEST2||2008003369||||||||||||||||||||||||||200803031508",
        "DG1|1||G41.9^Stato di male epilettico, non specificato^I10||200803031508|A") + "\r";

    /// <summary>
    /// HAPI HL7v2 test suite, <c>testIsEmptyInValidMessage1</c>: ADT^A08 v2.3 from HOMER, MSH-18 ASCII, PID-29 a
    /// date-only death (20130923) with PID-30 Y. Unchanged.
    /// </summary>
    public static readonly string HomerUpdateWithDateOnlyDeath = string.Join('\r',
        "MSH|^~\\&|HOMER|fake|DGATE-FAKE^prjHbcisRawIn|99999|20130923023038||ADT^A08|2013092302303834022003|P|2.3|||AL|AL|AUS|ASCII|ENG",
        "EVN|A08|20130923023038|",
        "PID|1|\"\"|708010^^^MRN^MR|PENSION NO^^^DSS^PE|SURNAME^GIVEN^^^MRS^^L||19381216|F||14|UNIT A/1 FAKE ST^\"\"^BRISBANE^^4000^\"\"^P||12345678^PRN^^^^^12345678||86^ENGLISH ONLY|W|2233|708010-4|4072469157||||1101||||||20130923|Y") + "\r";

    /// <summary>
    /// HAPI HL7v2 test suite, <c>testGenerateAck</c>: ADT^A01 v2.2 from LABGL1, PID-3 without an authority. Changed: a
    /// v2.2 DG1 (DG1-2 coding method, DG1-3 code, DG1-4 description, DG1-5 date/time) for grand mal status
    /// epilepticus, and a second DG1 without DG1-5 for an untracked diagnosis.
    /// </summary>
    public static readonly string Labgl1AdmitVersion22 = string.Join('\r',
        "MSH|^~\\&|LABGL1||DMCRES||19951002185200||ADT^A01|LABGL1199510021852632|P|2.2",
        "PID|||T12345||TEST^PATIENT^P||19601002|M||||||||||123456",
        "PV1|||NER|||||||GSU||||||||E||||||||||||||||||||||||||19951002174900|19951006",
        "DG1|1|I10|G41.0^Grand mal status epilepticus^I10|Grand mal status epilepticus|199510021730|A",
        "DG1|2|I10|R51^Headache^I10|Headache||A") + "\r";

    /// <summary>
    /// A public Mirth Connect example (README of a socket-client demo, "Complex Example" group): ADT^A01 v2.3 from a
    /// Cerner feed, CRLF segments, PID-3 <c>987654</c>. Changed: a DG1 coded ICD-10-CM G40.911 (as I10, the way US feeds send it).
    /// </summary>
    public static readonly string CernerAdmitWithIcd10Cm = string.Join("\r\n",
        "MSH|^~\\&|x|000000|CERNER|HOSPITAL-A|201401291848||ADT^A01|1912340911|P|2.3|||AL|NE|",
        "EVN|A01|201401291848|||REJKB1",
        "PID||ABC123|987654|ALT789|PETTY^TOM^^^^||19781218|M||2106-3|10144 MAPLE AVE^^IRVINE^CA^92614||(949)123-1234|||||0053820452|220675537||AME||||1|||||",
        "PV1||I|S-2302-1^S-2302^A|C|||1111111^PINA|||SUR|||||A0||1111111^PINA|S||S|P||||||||||||||||||IAH|||||201401291848|",
        "DG1|1|I10|G40.911^Epilepsy, unspecified, intractable, with status epilepticus^I10||201401291700|A") + "\r\n";
}
