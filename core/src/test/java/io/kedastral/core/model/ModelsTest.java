package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.core.model.arima.ArimaModel;
import io.kedastral.core.model.arima.SarimaModel;
import org.junit.jupiter.api.Test;

class ModelsTest {

  @Test
  void createsTheModelOfEachSpec() {
    assertThat(Models.create(new ModelSpec.Baseline())).isInstanceOf(BaselineModel.class);
    assertThat(Models.create(new ModelSpec.SeasonalNaive(288)))
        .isInstanceOf(SeasonalNaiveModel.class);
    ForecastModel auto = Models.create(new ModelSpec.Auto(288));
    assertThat(auto.name()).isEqualTo("auto");
    assertThat(((AutoModel) auto).candidates())
        .extracting(ForecastModel::name)
        .containsExactly("baseline-tuned", "arima", "sarima", "seasonal-naive", "naive");
  }

  @Test
  void createsArimaAndSarimaWithTheirOrders() {
    ForecastModel arima = Models.create(new ModelSpec.Arima(OrderSpec.of(1, 1, 0)));
    ForecastModel sarima =
        Models.create(new ModelSpec.Sarima(OrderSpec.chosen(), OrderSpec.of(0, 1, 1), 24));

    assertThat(arima).isInstanceOf(ArimaModel.class);
    assertThat(arima.name()).isEqualTo("arima");
    assertThat(sarima).isInstanceOf(SarimaModel.class);
    assertThat(sarima.name()).isEqualTo("sarima");
  }
}
