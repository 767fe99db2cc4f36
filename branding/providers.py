"""US utility providers an end client can pick on a magic-link page.

Portal URLs are each utility's public website, where its customer login lives.
"""

from dataclasses import dataclass

CUSTOM_PROVIDER = "custom"


@dataclass(frozen=True)
class UtilityProvider:
    slug: str
    name: str
    states: str
    portal_url: str

    @property
    def search_text(self) -> str:
        return f"{self.name} {self.states}".lower()


_PROVIDERS = (
    UtilityProvider("aep-ohio", "AEP Ohio", "OH", "https://www.aepohio.com/"),
    UtilityProvider(
        "alabama-power", "Alabama Power", "AL", "https://www.alabamapower.com/"
    ),
    UtilityProvider("ameren", "Ameren", "IL, MO", "https://www.ameren.com/"),
    UtilityProvider(
        "aps", "Arizona Public Service (APS)", "AZ", "https://www.aps.com/"
    ),
    UtilityProvider(
        "austin-energy", "Austin Energy", "TX", "https://austinenergy.com/"
    ),
    UtilityProvider(
        "bge", "Baltimore Gas and Electric (BGE)", "MD", "https://www.bge.com/"
    ),
    UtilityProvider(
        "centerpoint",
        "CenterPoint Energy",
        "TX, IN, MN, OH",
        "https://www.centerpointenergy.com/",
    ),
    UtilityProvider("comed", "ComEd", "IL", "https://www.comed.com/"),
    UtilityProvider("con-edison", "Con Edison", "NY", "https://www.coned.com/"),
    UtilityProvider(
        "consumers-energy", "Consumers Energy", "MI", "https://www.consumersenergy.com/"
    ),
    UtilityProvider("cps-energy", "CPS Energy", "TX", "https://www.cpsenergy.com/"),
    UtilityProvider(
        "dominion-energy",
        "Dominion Energy",
        "VA, NC, SC",
        "https://www.dominionenergy.com/",
    ),
    UtilityProvider("dte-energy", "DTE Energy", "MI", "https://www.dteenergy.com/"),
    UtilityProvider(
        "duke-energy",
        "Duke Energy",
        "NC, SC, FL, IN, OH, KY",
        "https://www.duke-energy.com/",
    ),
    UtilityProvider(
        "duquesne-light", "Duquesne Light", "PA", "https://www.duquesnelight.com/"
    ),
    UtilityProvider("entergy", "Entergy", "AR, LA, MS, TX", "https://www.entergy.com/"),
    UtilityProvider("evergy", "Evergy", "KS, MO", "https://www.evergy.com/"),
    UtilityProvider(
        "eversource", "Eversource", "CT, MA, NH", "https://www.eversource.com/"
    ),
    UtilityProvider(
        "firstenergy",
        "FirstEnergy",
        "OH, PA, NJ, MD, WV",
        "https://www.firstenergycorp.com/",
    ),
    UtilityProvider("fpl", "Florida Power & Light (FPL)", "FL", "https://www.fpl.com/"),
    UtilityProvider(
        "georgia-power", "Georgia Power", "GA", "https://www.georgiapower.com/"
    ),
    UtilityProvider(
        "hawaiian-electric",
        "Hawaiian Electric",
        "HI",
        "https://www.hawaiianelectric.com/",
    ),
    UtilityProvider(
        "ladwp",
        "Los Angeles Department of Water and Power (LADWP)",
        "CA",
        "https://www.ladwp.com/",
    ),
    UtilityProvider(
        "mlgw", "Memphis Light, Gas and Water (MLGW)", "TN", "https://www.mlgw.com/"
    ),
    UtilityProvider(
        "national-grid",
        "National Grid",
        "NY, MA, RI",
        "https://www.nationalgridus.com/",
    ),
    UtilityProvider(
        "nes", "Nashville Electric Service", "TN", "https://www.nespower.com/"
    ),
    UtilityProvider("nicor-gas", "Nicor Gas", "IL", "https://www.nicorgas.com/"),
    UtilityProvider("nv-energy", "NV Energy", "NV", "https://www.nvenergy.com/"),
    UtilityProvider("nyseg", "NYSEG", "NY", "https://www.nyseg.com/"),
    UtilityProvider("oge", "OG&E", "OK, AR", "https://www.oge.com/"),
    UtilityProvider(
        "pacific-gas-and-electric",
        "Pacific Gas and Electric (PG&E)",
        "CA",
        "https://www.pge.com/",
    ),
    UtilityProvider("peco", "PECO", "PA", "https://www.peco.com/"),
    UtilityProvider("pepco", "Pepco", "DC, MD", "https://www.pepco.com/"),
    UtilityProvider(
        "portland-general",
        "Portland General Electric",
        "OR",
        "https://portlandgeneral.com/",
    ),
    UtilityProvider(
        "ppl-electric", "PPL Electric Utilities", "PA", "https://www.pplelectric.com/"
    ),
    UtilityProvider("pseg", "PSE&G", "NJ", "https://nj.pseg.com/"),
    UtilityProvider(
        "pseg-long-island", "PSEG Long Island", "NY", "https://www.psegliny.com/"
    ),
    UtilityProvider(
        "puget-sound-energy", "Puget Sound Energy", "WA", "https://www.pse.com/"
    ),
    UtilityProvider(
        "rocky-mountain-power",
        "Rocky Mountain Power",
        "UT, WY, ID",
        "https://www.rockymountainpower.net/",
    ),
    UtilityProvider(
        "sdge", "San Diego Gas & Electric (SDG&E)", "CA", "https://www.sdge.com/"
    ),
    UtilityProvider(
        "seattle-city-light",
        "Seattle City Light",
        "WA",
        "https://www.seattle.gov/city-light",
    ),
    UtilityProvider(
        "smud",
        "Sacramento Municipal Utility District (SMUD)",
        "CA",
        "https://www.smud.org/",
    ),
    UtilityProvider(
        "socalgas",
        "Southern California Gas Company (SoCalGas)",
        "CA",
        "https://www.socalgas.com/",
    ),
    UtilityProvider(
        "southern-california-edison",
        "Southern California Edison",
        "CA",
        "https://www.sce.com/",
    ),
    UtilityProvider("srp", "Salt River Project (SRP)", "AZ", "https://www.srpnet.com/"),
    UtilityProvider(
        "tampa-electric", "Tampa Electric", "FL", "https://www.tampaelectric.com/"
    ),
    UtilityProvider("tep", "Tucson Electric Power", "AZ", "https://www.tep.com/"),
    UtilityProvider(
        "washington-gas",
        "Washington Gas",
        "DC, MD, VA",
        "https://www.washingtongas.com/",
    ),
    UtilityProvider(
        "we-energies", "We Energies", "WI, MI", "https://www.we-energies.com/"
    ),
    UtilityProvider(
        "xcel-energy",
        "Xcel Energy",
        "CO, MN, WI, TX, NM",
        "https://www.xcelenergy.com/",
    ),
)

# Alphabetical, the order end clients scan the list in.
PROVIDERS = tuple(sorted(_PROVIDERS, key=lambda provider: provider.name.lower()))
PROVIDERS_BY_SLUG = {provider.slug: provider for provider in PROVIDERS}


def search_providers(query: str) -> list[UtilityProvider]:
    """Return the providers whose name or state list contains every word of `query`."""
    words = query.lower().split()
    return [
        provider
        for provider in PROVIDERS
        if all(word in provider.search_text for word in words)
    ]
