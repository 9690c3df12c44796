"""The draft's rules against the variety of real reply letters: how NHS trusts, police forces,
government departments, universities, councils and Scottish bodies lay out their reference, their
reply date and the exemptions they cite. Each text is written here in the manner of such letters
(none is copied from one); each case names the layout it stands for."""

from __future__ import annotations

import pytest

from site_builder.draft import find, read
from site_builder.draft.read import Paragraph


def paragraphs(text: str, name: str = "reply.txt") -> list[Paragraph]:
    return read.read_bytes(name, text.encode()).paragraphs


# References -------------------------------------------------------------------------------------

REFERENCES = [
    ("council: Our ref beside Your ref", "Your ref: JS/22\nOur ref: 2023/0456\n\nDear Ms Smith", "2023/0456"),
    ("council: Your ref first on the same line", "Your ref: ABC/1   Our ref: FOI 5567\n\nDear Sir", "FOI 5567"),
    ("trust: Our reference", "Our reference: FOI-1234-23\n\n3 March 2023\n\nDear Mr Jones", "FOI-1234-23"),
    ("police: Reference number", "Reference number: 000123/23\n\nDear Applicant", "000123/23"),
    ("university: Ref No.", "Ref No. F0012345\nDate: 3 March 2023", "F0012345"),
    ("department: FOI reference", "FOI reference: FOI2023/04567\n\nDear Requester", "FOI2023/04567"),
    ("council: Request reference", "Request reference: 101002345678\n\nDear Mr Brown", "101002345678"),
    ("trust: Case reference", "Case reference: CAS-123456-X1Y2\n\nDear Ms Green", "CAS-123456-X1Y2"),
    ("police: Your request ref", "Your request ref: 2023/567\n\nDear Mr White", "2023/567"),
    (
        "council: FOI Request Reference with a code",
        "FOI Request Reference: FOI/2023/0456\n\nDear Applicant",
        "FOI/2023/0456",
    ),
    ("council: RFI code in the subject line", "Re: RFI 20231234 - Children's services\n\nDear Sir", "RFI 20231234"),
    ("council: EIR code in a heading", "Environmental information request EIR 22-123\n\nDear Madam", "EIR 22-123"),
    ("trust: F-number alone", "Our ref: F0012345\n\nDear Mr Black", "F0012345"),
    ("police: FOI-number-year", "Freedom of Information Request FOI-1234-23\n\nDear Sir", "FOI-1234-23"),
    ("department: internal review number", "Internal review IR2023/12345\n\nDear Ms Grey", "IR2023/12345"),
    (
        "council: heading with a dash and the number",
        "Freedom of Information Request – 2023/0456\n\nThank you for your request.",
        "2023/0456",
    ),
    ("council: heading with a colon", "Freedom of Information Request: 2023/0457\n\nDear Sir", "2023/0457"),
    ("council: table cells read row by row", "Our Reference\tFOI/23/0099\nDate\t3 March 2023", "FOI/23/0099"),
    ("council: label and value in separate cells", "Our Ref:\n\n20231234\n\nDate:\n\n3 March 2023", "20231234"),
    (
        "trust: value on the next line",
        "Freedom of Information Act 2000\nRequest reference:\nNHS-FOI-2023-117\n\nDear Requester",
        "NHS-FOI-2023-117",
    ),
    (
        "Scottish body: Our reference with FOISA",
        "Our Reference: FOI-22-00321\nYour Reference: none\n\nFreedom of Information (Scotland) Act 2002",
        "FOI-22-00321",
    ),
    ("council: reference in a sentence", "Your request has been logged under reference 2023-4417.", "2023-4417"),
    ("police: please quote", "Please quote the reference number 2023/FOI/0071 in any reply.", "2023/FOI/0071"),
    (
        "department: subject line with the number after Your ref",
        "Your ref: email of 1 March\nOur ref: TO2023/05123\n\nDear Mr Patel",
        "TO2023/05123",
    ),
    (
        "university: header above the letter",
        "University of Somewhere - Information Compliance\nFOI Ref: UOS-FOI-23-104\n\nDear Enquirer",
        "UOS-FOI-23-104",
    ),
    ("NHS trust: FOI number with a hash", "FOI #: 5678\n\nDear Sir or Madam", "5678"),
    ("council: Ref: code with letters", "Ref: SOL/AYCBWB\n\nDear Data Justice Lab", "SOL/AYCBWB"),
    (
        "council: the letter's reference after the requester's",
        "Your reference: 'AI in children's services'\nOur reference: 14098765\n\nDear Lab",
        "14098765",
    ),
    (
        "EIR: request reference with EIR code",
        "Our ref: EIR/2023/077\n\nEnvironmental Information Regulations",
        "EIR/2023/077",
    ),
    ("trust: a word then the number", "Our ref: NHS 1234\n\nDear Sir", "NHS 1234"),
    ("council: FOI, a space and a hyphenated number", "Our ref: FOI 23-0456\n\nDear Sir", "FOI 23-0456"),
    ("university: FOI Number", "FOI Number: 2023-117\n\nDear Enquirer", "2023-117"),
    ("police: Ref. No. with stops", "Ref. No.: 000456/23\n\nDear Applicant", "000456/23"),
    ("university: FOI Request and a number in a heading", "FOI Request 2023/104\n\nDear Enquirer", "2023/104"),
    ("council: FOIR code", "FOIR-2023-0456\n\nDear Sir", "FOIR-2023-0456"),
    ("police: FOI reference split over two lines", "FOI Reference\nNumber: 2023-0142\n\nDear Applicant", "2023-0142"),
]


@pytest.mark.parametrize(("layout", "text", "expected"), REFERENCES, ids=[r[0] for r in REFERENCES])
def test_the_authoritys_reference_is_found_exactly(layout: str, text: str, expected: str) -> None:
    found, _ = find.reference(paragraphs(text))
    assert found is not None, layout
    assert found.value == expected


def test_your_ref_alone_is_not_the_authoritys_reference() -> None:
    found, _ = find.reference(paragraphs("Your ref: AB/2023/77\n\nDear Mr Jones"))
    assert found is None or found.value != "AB/2023/77"


# Reply dates ---------------------------------------------------------------------------------------

DATES = [
    ("ordinal month year", "3rd March 2023\n\nDear Mr Jones", "2023-03-03", None),
    ("slashes", "03/03/2023\n\nDear Mr Jones", "2023-03-03", None),
    ("short month", "3 Mar 2023\n\nDear Mr Jones", "2023-03-03", None),
    ("weekday first", "Friday, 3 March 2023\n\nDear Mr Jones", "2023-03-03", None),
    ("ISO", "Date: 2023-03-03\n\nDear Mr Jones", "2023-03-03", None),
    ("Date label", "Date: 3 March 2023\nOur ref: 1234\n\nDear Mr Jones", "2023-03-03", None),
    (
        "alone under the address block",
        "Mr J Smith\n1 High Street\nAnytown\nAB1 2CD\n\n3 March 2023\n\nDear Mr Smith",
        "2023-03-03",
        None,
    ),
    ("Date of response", "Date of response: 3 March 2023\n\nDear Mr Jones", "2023-03-03", None),
    ("Date sent", "Date sent: 03/03/2023\nDate received: 06/02/2023", "2023-03-03", "2023-02-06"),
    (
        "received on, in the first sentence",
        "3 March 2023\n\nThank you for your request received on 6 February 2023.",
        "2023-03-03",
        "2023-02-06",
    ),
    (
        "request dated, before the letter's date in a table",
        "Your request dated 1 February 2023\n\nDate: 3 March 2023",
        "2023-03-03",
        "2023-02-01",
    ),
    (
        "which we received on",
        "Dear Mr Jones\n\nThank you for your email of 2 February 2023, which we received on 6 February 2023.\n\n"
        "Date: 3 March 2023",
        "2023-03-03",
        "2023-02-06",
    ),
    (
        "the received date first, then the date alone",
        "Thank you for your request which we received on 6 February 2023.\n\n03 March 2023",
        "2023-03-03",
        "2023-02-06",
    ),
    (
        "a policy date in the body",
        "Date: 3 March 2023\n\nDear Mr Jones\n\nOur policy dated 1 April 2019 sets this out. In 2019 we began.",
        "2023-03-03",
        None,
    ),
    (
        "police: Date label in a header table",
        "Reference No: 000123/23\tDate: 03 March 2023\n\nDear Applicant",
        "2023-03-03",
        None,
    ),
    (
        "department: date after the reference with a body date before",
        "Our ref: TO2023/05123\n3 March 2023\n\nDear Mr Patel\n\nIn our letter of 1 March 2022 we said",
        "2023-03-03",
        None,
    ),
    ("date with a full stop format", "3.3.2023\n\nDear Sir", "2023-03-03", None),
    ("Sept abbreviation", "Date: 14 Sept 2023\n\nDear Sir", "2023-09-14", None),
    ("two-digit year", "Date: 03/03/23\n\nDear Sir", "2023-03-03", None),
    ("Date responded", "Date responded: 3 March 2023\nDate received: 6 February 2023", "2023-03-03", "2023-02-06"),
    (
        "American order weekday (a department's template)",
        "Friday, March 3, 2023\n\nDear Sir",
        "2023-03-03",
        None,
    ),
    (
        "request date alone at the top, reply date labelled",
        "Request received: 6 February 2023\nResponse sent: 3 March 2023",
        "2023-03-03",
        "2023-02-06",
    ),
    (
        "the request's date before 'you asked'",
        "3 March 2023\n\nOn 6 February 2023 you asked for the following information.",
        "2023-03-03",
        "2023-02-06",
    ),
    (
        "a request date that comes first in the body, the letter's date in the footer",
        "Dear Mr Jones\n\nOn 6 February 2023 you asked for the following information.\n\nDate: 3 March 2023",
        "2023-03-03",
        "2023-02-06",
    ),
    (
        "a short weekday in the date line",
        "Dear Sir\n\nIn 2019 and on 1 April 2020 we began.\n\nDate: Fri, 3 Mar 2023",
        "2023-03-03",
        None,
    ),
    (
        "label beside the address block, a policy date first",
        "Policy of 1 April 2019 applies.\n\n"
        "Ms J Smith          Date: 3 March 2023\n2 High Street          Our ref: 1234",
        "2023-03-03",
        None,
    ),
    (
        "table cells: each label and date a paragraph of its own",
        "Date of request:\n\n6 February 2023\n\nDate of response:\n\n3 March 2023\n\nDear Sir",
        "2023-03-03",
        "2023-02-06",
    ),
    (
        "table cells: Date received, then Date",
        "Date received\n\n06/02/2023\n\nDate\n\n03/03/2023\n\nDear Sir",
        "2023-03-03",
        "2023-02-06",
    ),
    (
        "a Date label beside the recipient's address, after a body date",
        "Our policy dated 1 April 2019 applies.\n\nMs J Smith          Date: 3 March 2023\n2 High Street",
        "2023-03-03",
        None,
    ),
    (
        "date in the signature block after the body",
        "Dear Mr Jones\n\nThank you for your request of 6 February 2023.\n\nYours sincerely\n\nJane Doe\n3 March 2023",
        "2023-03-03",
        "2023-02-06",
    ),
]


@pytest.mark.parametrize(("layout", "text", "replied", "received"), DATES, ids=[d[0] for d in DATES])
def test_the_reply_date_is_found_exactly_and_not_confused_with_others(
    layout: str, text: str, replied: str, received: str | None
) -> None:
    reply, got = find.reply_date(paragraphs(text))
    assert reply is not None, layout
    assert reply.value.isoformat() == replied
    assert (got.value.isoformat() if got else None) == received


# Exemptions ---------------------------------------------------------------------------------------

EXEMPTIONS = [
    ("section 40(2)", "The names of staff are withheld under section 40(2) of the Act.", [("FOIA", "40(2)")]),
    ("s.40(2)", "Personal data is exempt under s.40(2) FOIA.", [("FOIA", "40(2)")]),
    (
        "Section 12(1)",
        "Section 12(1) of the Act allows us to refuse a request over the cost limit.",
        [("FOIA", "12(1)")],
    ),
    ("s12", "We are unable to answer as s12 applies: it would exceed the cost limit.", [("FOIA", "12")]),
    ("sections 21 and 22", "This is exempt under sections 21 and 22 of the Act.", [("FOIA", "21"), ("FOIA", "22")]),
    (
        "section 43(2) (commercial interests)",
        "The prices are withheld under section 43(2) (commercial interests).",
        [("FOIA", "43(2)")],
    ),
    (
        "Section 31(1)(a) and (b)",
        "The information is exempt under Section 31(1)(a) and (b) of the Act.",
        [("FOIA", "31(1)(a)"), ("FOIA", "31(1)(b)")],
    ),
    ("exempt under section 38", "Disclosure would endanger staff, so it is exempt under section 38.", [("FOIA", "38")]),
    (
        "FOISA section 25(1)",
        "Freedom of Information (Scotland) Act 2002\n\nThe report is exempt under section 25(1) as it is published.",
        [("FOISA", "25(1)")],
    ),
    (
        "section 33(1)(b) of FOISA",
        "We are applying the exemption in section 33(1)(b) of FOISA (commercial interests).",
        [("FOISA", "33(1)(b)")],
    ),
    (
        "EIR regulation 12(4)(b)",
        "The request is manifestly unreasonable and we refuse it under regulation 12(4)(b) of the EIR.",
        [("EIR", "12(4)(b)")],
    ),
    (
        "Regulation 13",
        "Names of residents are withheld under Regulation 13 of the Environmental Information Regulations 2004.",
        [("EIR", "13")],
    ),
    ("reg. 12(5)(e)", "We rely on the exception at reg. 12(5)(e) (commercial confidentiality).", [("EIR", "12(5)(e)")]),
    (
        "section 14(1) vexatious",
        "We consider the request vexatious and refuse it under section 14(1).",
        [("FOIA", "14(1)")],
    ),
    (
        "section 17 refusal notice is not an exemption",
        "This letter is a refusal notice under section 17 of the Act. The information is exempt under section 41.",
        [("FOIA", "41")],
    ),
    (
        "section 1(1)(a) is the duty to confirm",
        "Under section 1(1)(a) of the Act we can confirm that the information is held.",
        [],
    ),
    ("section 10 is the time limit", "We must respond within 20 working days under section 10 of the Act.", []),
    (
        "section 16 advice and section 36 together",
        "Under section 16 we offer advice. The minutes are withheld under section 36(2)(b)(i) and (ii).",
        [("FOIA", "36(2)(b)(i)"), ("FOIA", "36(2)(b)(ii)")],
    ),
    (
        "the Data Protection Act is not the Act",
        "Under section 45 of the Data Protection Act 2018 you may ask for your own data.",
        [],
    ),
    (
        "section 21 with information reasonably accessible",
        "The policy is published, so it is exempt under section 21 (information reasonably accessible by other means).",
        [("FOIA", "21")],
    ),
    ("s.30 and s.31", "Details are withheld under s.30 and s.31 of the FOIA.", [("FOIA", "30"), ("FOIA", "31")]),
    (
        "FOISA section 38(1)(b) personal information",
        "Freedom of Information (Scotland) Act 2002\n\nNames are withheld under section 38(1)(b) of FOISA.",
        [("FOISA", "38(1)(b)")],
    ),
    (
        "EISR regulation 10(4)(a)",
        "Environmental Information (Scotland) Regulations 2004\n\n"
        "The information is not held, so regulation 10(4)(a) applies.",
        [("EISR", "10(4)(a)")],
    ),
    (
        "section 44 with another Act named after it",
        "The information is exempt under section 44 of the FOIA as disclosure is prohibited by the Children Act 1989.",
        [("FOIA", "44")],
    ),
    (
        "a heading that names the exemption and its title only",
        "Exemptions applied\n\nSection 21 – Information reasonably accessible to the applicant by other means",
        [("FOIA", "21")],
    ),
    (
        "a list of exemptions in a table row",
        "Section 40(2) – Personal information\tWithheld",
        [("FOIA", "40(2)")],
    ),
    (
        "EIR with the exception number after 'EIR'",
        "The exception under EIR 12(5)(e) applies to the contract prices.",
        [("EIR", "12(5)(e)")],
    ),
    (
        "section 40(3A)(a) by virtue of",
        "Names are withheld under section 40(2) by virtue of section 40(3A)(a) of the Act.",
        [("FOIA", "40(2)"), ("FOIA", "40(3A)(a)")],
    ),
    (
        "Section 42 legal professional privilege",
        "Section 42 (legal professional privilege) applies to the advice.",
        [("FOIA", "42")],
    ),
]


@pytest.mark.parametrize(("layout", "text", "expected"), EXEMPTIONS, ids=[e[0] for e in EXEMPTIONS])
def test_each_exemption_cited_is_found_with_its_act_and_sentence(
    layout: str, text: str, expected: list[tuple[str, str]]
) -> None:
    found = find.exemptions(paragraphs(text), text)
    assert [f.value for f in found] == expected
    for f in found:
        assert f.value[1].split("(")[0] in f.text.replace(" ", "") or "cost limit" in f.text
